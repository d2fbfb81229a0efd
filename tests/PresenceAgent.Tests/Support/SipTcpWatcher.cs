using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Tests.Support;

/// <summary>A watcher on one TCP connection: writes requests in batches and reads back one response per request.</summary>
internal sealed class SipTcpWatcher : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly SipLimits _limits = new();

    private SipTcpWatcher(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream);
    }

    /// <summary>Connects to <paramref name="agent"/>, from <paramref name="local"/> when given (a source address of the test's choosing).</summary>
    public static async Task<SipTcpWatcher> ConnectAsync(IPEndPoint agent, IPAddress? local = null)
    {
        var socket = new Socket(agent.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (local is not null)
        {
            socket.Bind(new IPEndPoint(local, 0));
        }

        await socket.ConnectAsync(agent);
        return new SipTcpWatcher(socket);
    }

    /// <summary>Sends <paramref name="requests"/> in one write and returns the status codes of the responses, in order.</summary>
    public async Task<int[]> ExchangeAsync(IReadOnlyList<string> requests) =>
        [.. (await ExchangeResponsesAsync(requests)).Select(r => r.StatusCode)];

    /// <summary>Sends <paramref name="requests"/> in one write and returns the responses, in order.</summary>
    public async Task<SipResponse[]> ExchangeResponsesAsync(IReadOnlyList<string> requests)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(requests)));
        var responses = new SipResponse[requests.Count];
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i] = await ReceiveAsync();
        }

        return responses;
    }

    private async Task<SipResponse> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(HangGuard.Timeout);
        while (true)
        {
            var read = await _reader.ReadAsync(timeout.Token);
            var buffer = read.Buffer;
            var scanner = default(SipFrameScanner);
            var status = scanner.Scan(buffer, _limits, out var length, out _, out var failure);
            if (status is FrameStatus.Complete)
            {
                var frame = buffer.Slice(0, length).ToArray();
                _reader.AdvanceTo(buffer.GetPosition(length));
                var parsed = SipMessageParser.Parse(frame, _limits, isDatagram: false);
                return parsed.Message as SipResponse ?? throw new InvalidDataException($"expected a response: {parsed.Failure}");
            }

            if (status is not FrameStatus.NeedMore || read.IsCompleted)
            {
                throw new InvalidDataException($"the agent's stream ended or broke ({status}): {failure}");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
