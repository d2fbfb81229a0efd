using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Transactions;

public sealed class InviteServerTransactionTests
{
    private readonly TransactionTestBed _bed = new() { AnswerWith = 405 };

    [Fact]
    public void Rejection_is_resent_on_timer_G_until_timer_H()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Invite));
        _bed.Time.AdvanceSeconds(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], _bed.Transport.SendTimesSeconds);
        Assert.All(_bed.Transport.Sent, s => Assert.Equal("405", s.What));
        Assert.Equal(0, _bed.Layer.ServerCount);
        Assert.True(_bed.Logs.Has(2005));
    }

    [Fact]
    public void Ack_stops_retransmissions_and_later_acks_are_absorbed_until_timer_I()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Invite));
        _bed.Time.AdvanceSeconds(2);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Ack));
        _bed.Time.AdvanceSeconds(4);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Ack));

        Assert.Equal([0, 0.5, 1.5], _bed.Transport.SendTimesSeconds);
        Assert.Equal(1, _bed.Layer.ServerCount);
        Assert.False(_bed.Logs.Has(2001));

        // Timer I = T4 after the first ACK.
        _bed.Time.AdvanceSeconds(1);
        Assert.Equal(0, _bed.Layer.ServerCount);
        Assert.Single(_bed.Requests);
        Assert.False(_bed.Logs.Has(2005));
    }

    [Fact]
    public void Retransmitted_invite_gets_the_rejection_again()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Invite));
        _bed.Time.AdvanceSeconds(0.2);
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Invite));

        Assert.Single(_bed.Requests);
        Assert.Equal([0, 0.2], _bed.Transport.SendTimesSeconds);
    }

    [Fact]
    public void Tcp_rejection_is_not_retransmitted_and_ack_ends_it()
    {
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Invite, via: "SIP/2.0/TCP 127.0.0.1:40000"), FakeTransport.TcpFlow);
        _bed.Time.AdvanceSeconds(10);
        Assert.Single(_bed.Transport.Sent);

        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Ack, via: "SIP/2.0/TCP 127.0.0.1:40000"), FakeTransport.TcpFlow);
        Assert.Equal(0, _bed.Layer.ServerCount);
    }

    [Fact]
    public async Task Accepting_an_invite_is_refused()
    {
        _bed.AnswerWith = null;
        _bed.Layer.OnRequestOrResponse(Build.Request(SipMethods.Invite));
        var transaction = _bed.Requests[0];

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            transaction.SendResponseAsync(SipResponseFactory.Create(transaction.Request, 200)).AsTask());
    }
}
