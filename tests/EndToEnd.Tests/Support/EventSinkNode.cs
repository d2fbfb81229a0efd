using System.Net.Http.Headers;
using System.Text;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A Pexip Infinity Conferencing Node as the agent's event sink sees it: JSON events posted to <c>/api/eventsink</c>
/// one at a time, numbered from 1, with the node's basic credentials when given.
/// </summary>
internal sealed class EventSinkNode(AgentUnderTest agent, string address, string? user = null, string? password = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{agent.HttpBase.Port}/") };
    private long _seq;

    public async Task<HttpResponseMessage> StartedAsync()
    {
        _seq = 0;
        return await SendAsync("eventsink_started", "{}");
    }

    public Task<HttpResponseMessage> StoppedAsync() => SendAsync("eventsink_stopped", "{}");

    public Task<HttpResponseMessage> ConferenceAsync(string @event, string name, bool locked = false) =>
        SendAsync(@event, $$"""{"name": "{{name}}", "service_type": "conference", "is_locked": {{(locked ? "true" : "false")}}, "guests_muted": false, "is_started": true, "tag": ""}""");

    public Task<HttpResponseMessage> ParticipantAsync(string @event, string conference, string uuid, string alias) =>
        SendAsync(@event, $$"""{"uuid": "{{uuid}}", "call_id": "{{uuid}}", "conversation_id": "{{uuid}}", "conference": "{{conference}}", "destination_alias": "{{alias}}", "source_alias": "someone@example.com", "protocol": "SIP", "role": "guest", "service_type": "conference", "call_direction": "in"}""");

    /// <summary>The next event, numbered; posted as the platform posts it.</summary>
    public Task<HttpResponseMessage> SendAsync(string @event, string data) =>
        PostAsync($$"""{"node": "{{address}}", "seq": {{++_seq}}, "version": 1, "time": 1559897774.52, "event": "{{@event}}", "data": {{data}}}""");

    /// <summary>The same event again, as the platform does after a 503.</summary>
    public Task<HttpResponseMessage> ResendAsync(string @event, string data) =>
        PostAsync($$"""{"node": "{{address}}", "seq": {{_seq}}, "version": 1, "time": 1559897774.52, "event": "{{@event}}", "data": {{data}}}""");

    public Task<HttpResponseMessage> PostAsync(string body) => PostAsync(new StringContent(body, Encoding.UTF8, "application/json"));

    public async Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/eventsink") { Content = content };
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}
