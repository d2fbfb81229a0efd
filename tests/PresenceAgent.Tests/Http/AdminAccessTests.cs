using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

public sealed class AdminAccessTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8088", true)]
    [InlineData("http://127.0.0.1:8088;http://[::1]:8088", true)]
    [InlineData("http://localhost:8088", true)]
    [InlineData("http://127.0.0.2:0", true)]
    [InlineData("http://0.0.0.0:8088", false)]
    [InlineData("http://[::]:8088", false)]
    [InlineData("http://*:8088", false)]
    [InlineData("http://+:8088", false)]
    [InlineData("http://presence.example.com:8088", false)]
    [InlineData("http://127.0.0.1:8088;http://192.0.2.1:8088", false)]
    [InlineData("", false)]
    public void Loopback_only_means_every_address_is_loopback(string urls, bool loopbackOnly) =>
        Assert.Equal(loopbackOnly, AdminAccess.IsLoopbackOnly(urls));

    [Theory]
    [InlineData("http://127.0.0.1:8088", null, "LoopbackClients")]
    [InlineData("http://0.0.0.0:8088", null, "Disabled")]
    [InlineData("http://0.0.0.0:8088", "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g", "Token")]
    [InlineData("http://127.0.0.1:8088", "k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g", "Token")]
    public void The_mode_follows_the_binding_and_the_token(string urls, string? token, string mode) =>
        Assert.Equal(mode, AdminAccess.For(new HttpOptions { Urls = urls, AdminToken = token }).Mode.ToString());
}
