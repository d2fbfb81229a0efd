using PresenceAgent.Http;

namespace PresenceAgent.Tests.Http;

public sealed class SecretDigestTests
{
    private readonly SecretDigest _secret = new("k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g=");

    [Fact]
    public void The_secret_matches_itself() => Assert.True(_secret.Matches("k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g="));

    [Theory]
    [InlineData("")]
    [InlineData("k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g")]
    [InlineData("k3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g==")]
    [InlineData("K3J9x0Qm7VbL2pR8tY4wZ6nC1aS5dF0g=")]
    public void Anything_else_does_not_whatever_its_length(string presented) => Assert.False(_secret.Matches(presented));
}
