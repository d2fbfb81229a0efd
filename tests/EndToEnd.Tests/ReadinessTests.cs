using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// <c>/readyz</c> on a real agent: SIP opens only after the HTTP side has started, and in between the agent is alive
/// (<c>/healthz</c> 200) but not ready (503, saying why). The test holds the agent in that moment.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_with_the_reason_until_the_sip_listeners_are_bound_then_200()
    {
        var gate = new StartGate();

        // First among the hosted services, so its StartedAsync runs before the one that opens SIP.
        await using var agent = AgentUnderTest.Create(customize: b => b.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(gate)));
        var starting = agent.App.StartAsync();
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = agent.HttpBase };

        using var notReady = await http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        using (var body = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()))
        {
            Assert.Equal("not ready", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("sipListeners: 0 of 4 bound: SIP is not serving yet, or failed to", body.RootElement.GetProperty("reason").GetString());
            var checks = body.RootElement.GetProperty("checks");
            Assert.False(checks.GetProperty("sipListeners").GetProperty("ready").GetBoolean());
            Assert.True(checks.GetProperty("configuration").GetProperty("ready").GetBoolean());
            Assert.True(checks.GetProperty("defaultTheme").GetProperty("ready").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);

        gate.Open();
        await starting;
        using var ready = await http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
            Assert.False(body.RootElement.TryGetProperty("reason", out _));
            Assert.Equal("4 of 4 bound", body.RootElement.GetProperty("checks").GetProperty("sipListeners").GetProperty("detail").GetString());
        }

        agent.AssertNoErrors();
    }

    /// <summary>Holds the host's start after every StartAsync (Kestrel listening) until opened.</summary>
    private sealed class StartGate : IHostedLifecycleService
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Open() => _open.TrySetResult();

        public async Task StartedAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }

        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
