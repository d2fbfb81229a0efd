namespace PresenceAgent.Tests.Configuration;

/// <summary>The Sip:Tls and Sip:Hosts keys: checked at start, certificate files included, each fault naming its key.</summary>
public sealed class TlsConfigurationTests : IDisposable
{
    private readonly TestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Theory]
    [InlineData("Sip:Listeners:1:Protocol: Tls needs Sip:Tls:CertificatePath", "Sip:Listeners:1:Protocol=Tls")]
    [InlineData("Sip:Tls:KeyPath: is the key of a PEM certificate", "Sip:Tls:KeyPath=/etc/agent.key")]
    [InlineData("Sip:Tls:AllowedPeerNames: peers are only checked by name", "Sip:Tls:AllowedPeerNames:0=fe01.example.com")]
    [InlineData("Sip:Tls:AllowedPeerNames:0: '*.example.com' is not a host name", "Sip:Tls:RequireClientCertificate=true", "Sip:Tls:AllowedPeerNames:0=*.example.com")]
    [InlineData("Sip:Tls:HandshakeTimeout: 00:00:00 must be between", "Sip:Tls:HandshakeTimeout=00:00:00")]
    [InlineData("Sip:Hosts:fe01.example.com: 'fe01' is not an IP address", "Sip:Hosts:fe01.example.com=fe01")]
    [InlineData("Sip:Hosts:192.0.2.1: not a host name", "Sip:Hosts:192.0.2.1=192.0.2.1")]
    public void Rejects_bad_tls_settings(string expected, params string[] edits)
    {
        var error = Assert.Single(Errors(edits));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sip:Tls:CertPath")]
    [InlineData("Sip:Tls:ClientCertificateRequired")]
    public void A_misspelt_tls_key_is_an_error_naming_it(string key) =>
        Assert.Contains(Errors(key + "=true"), e => e.StartsWith(key, StringComparison.Ordinal));

    [Fact]
    public void Pfx_with_its_password_and_a_trust_store_pass()
    {
        var pfx = _pki.WritePfx(_pki.Issue("pa.test", ["pa.test"]), "agent.pfx", "right");

        Assert.Empty(Errors("Sip:Listeners:1:Protocol=Tls", "Sip:Listeners:1:Port=5061", $"Sip:Tls:CertificatePath={pfx}",
            "Sip:Tls:Password=right", $"Sip:Tls:TrustStorePath={_pki.TrustStorePath}", "Sip:Tls:RequireClientCertificate=true",
            "Sip:Tls:AllowedPeerNames:0=fe01.example.com", "Sip:Hosts:fe01.example.com=192.0.2.10"));
    }

    [Fact]
    public void Pem_certificate_and_key_pass()
    {
        var (certificate, key) = _pki.WritePem(_pki.Issue("pa.test", ["pa.test"]), "agent");

        Assert.Empty(Errors("Sip:Listeners:1:Protocol=Tls", $"Sip:Tls:CertificatePath={certificate}", $"Sip:Tls:KeyPath={key}"));
    }

    [Fact]
    public void Wrong_pfx_password_names_the_file()
    {
        var pfx = _pki.WritePfx(_pki.Issue("pa.test", ["pa.test"]), "agent.pfx", "right");

        var error = Assert.Single(Errors($"Sip:Tls:CertificatePath={pfx}", "Sip:Tls:Password=wrong"));

        Assert.StartsWith($"Sip:Tls:CertificatePath: '{pfx}' cannot be used: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_key_of_another_certificate_names_the_file()
    {
        var (certificate, _) = _pki.WritePem(_pki.Issue("pa.test", ["pa.test"]), "agent");
        var (_, otherKey) = _pki.WritePem(_pki.Issue("other.test", ["other.test"]), "other");

        var error = Assert.Single(Errors($"Sip:Tls:CertificatePath={certificate}", $"Sip:Tls:KeyPath={otherKey}"));

        Assert.StartsWith($"Sip:Tls:CertificatePath: '{certificate}' cannot be used: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_name_their_keys()
    {
        var missing = Path.Combine(_pki.Folder, "missing.pem");

        var errors = Errors($"Sip:Tls:CertificatePath={missing}", $"Sip:Tls:TrustStorePath={missing}");

        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"Sip:Tls:CertificatePath: '{missing}' cannot be used: ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith($"Sip:Tls:TrustStorePath: '{missing}' cannot be used: ", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Trust_store_without_a_root_is_refused()
    {
        var (leafOnly, _) = _pki.WritePem(_pki.Issue("pa.test", ["pa.test"]), "leaf");

        var error = Assert.Single(Errors($"Sip:Tls:TrustStorePath={leafOnly}"));

        Assert.Contains("no root CA certificate", error, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Errors(params string[] edits) => TestConfiguration.Errors(edits);
}
