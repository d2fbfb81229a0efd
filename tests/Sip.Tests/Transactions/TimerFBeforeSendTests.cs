using PresenceAgent.Sip.Dialogs;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>
/// Timer F runs from before the send: a send held up by a slow TCP peer (a full window, a connect that hangs) does not
/// extend the transaction, and a send that finishes after Timer F does not bring it back.
/// </summary>
public sealed class TimerFBeforeSendTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly TestLogs _logs = new();
    private readonly HeldTransport _transport = new();
    private readonly TransactionLayer _layer;

    public TimerFBeforeSendTests() =>
        _layer = new TransactionLayer(_transport, new SipTimerOptions(), new SipTransactionOptions(), _time, _logs.CreateLogger<TransactionLayer>());

    [Fact]
    public async Task A_send_to_a_target_that_never_completes_times_out_at_timer_F()
    {
        var result = _layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        await Wait.UntilAsync(() => _transport.Held is not null, "send started");

        _time.AdvanceSeconds(31.9);
        Assert.False(result.IsCompleted);
        _time.AdvanceSeconds(0.1);

        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Equal(0, _layer.ClientCount);
        Assert.True(_logs.Has(2002));
    }

    [Fact]
    public async Task A_send_on_the_preferred_connection_that_never_completes_times_out_at_timer_F()
    {
        var result = _layer.SendRequestAsync(Build.Request(SipMethods.Notify), FakeTransport.TcpFlow, false, CancellationToken.None);
        await Wait.UntilAsync(() => _transport.Held is not null, "send started");

        _time.AdvanceSeconds(32);

        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(Timeouts.HangGuard)).Outcome);
        Assert.Equal(0, _layer.ClientCount);
    }

    [Fact]
    public async Task A_send_finishing_after_timer_F_starts_no_timers()
    {
        var result = _layer.SendRequestAsync(Build.Request(SipMethods.Notify), null, false, CancellationToken.None);
        await Wait.UntilAsync(() => _transport.Held is not null, "send started");
        _time.AdvanceSeconds(32);
        await result.WaitAsync(Timeouts.HangGuard);

        _transport.Held!.SetResult(new OutboundMessage(FakeTransport.TcpFlow, "NOTIFY"u8.ToArray()));

        Assert.Equal(0, _layer.TransactionTimers.Pending);
        Assert.Equal(0, _layer.ClientCount);
        _logs.AssertNoUnexpectedErrors();
    }

    /// <summary>A transport whose sends never finish until the test says so, as on a peer that stopped reading.</summary>
    private sealed class HeldTransport : ISipTransport
    {
        private volatile TaskCompletionSource<OutboundMessage?>? _held;

        public TaskCompletionSource<OutboundMessage?>? Held => _held;

        public ValueTask<OutboundMessage?> SendOnFlowAsync(SipRequest request, SipFlow flow, string branch) => Hold();

        public ValueTask<NextHopTargets> LocateAsync(SipRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new NextHopTargets(request.RequestUri, [FakeTransport.TcpTarget()]));

        public ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipUri nextHop, SipTarget target, string branch, TimeSpan timeout, bool mayUseTcp, CancellationToken cancellationToken) => Hold();

        public ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow) => ValueTask.FromResult<OutboundMessage?>(null);

        public ValueTask<OutboundMessage?> SendResponseAsync(WrittenResponse response, SipFlow requestFlow) => ValueTask.FromResult<OutboundMessage?>(null);

        public ValueTask<bool> ResendAsync(OutboundMessage message) => ValueTask.FromResult(true);

        public void AddressAnswered(System.Net.IPAddress address)
        {
        }

        public bool TryLocateKnown(ReadOnlySpan<byte> requestUri, out NextHopTargets hop)
        {
            hop = default;
            return false;
        }

        public bool TryReserveUdp(DialogRequest request, SipTarget target) => false;

        public OutboundMessage? SendUdp(DialogRequest request, SipTarget target, ClientBranch branch) => null;

        private ValueTask<OutboundMessage?> Hold()
        {
            _held = new TaskCompletionSource<OutboundMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask<OutboundMessage?>(_held.Task);
        }
    }
}
