using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Logging;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Authentication;

/// <summary>
/// Digest authentication of requests by a UAS (RFC 3261 §22 with RFC 8760 and RFC 7616): a request without valid
/// credentials gets 401 with one WWW-Authenticate per offered algorithm, the preferred first, each with qop="auth" and
/// a nonce bound to the request's source (<see cref="NonceIssuer"/>); a correct answer is checked for replay by its
/// nonce-count (<see cref="NonceCounts"/>) and yields the user's identity. It knows nothing of what the request is for:
/// the caller decides which requests to check. Thread-safe.
/// </summary>
public sealed partial class DigestAuthenticator
{
    private readonly DigestOptions _options;
    private readonly IDigestCredentials _credentials;
    private readonly ILogger _logger;
    private readonly byte[] _realm;
    private readonly NonceIssuer _nonces;
    private readonly NonceCounts _counts;
    private readonly PeerLogSampler _notAcceptedLog;
    private readonly PeerLogSampler _refusedLog;

    // Checked in place of an unknown user, so that a wrong user name costs the same hashing as a wrong password and
    // timing does not tell which users exist.
    private readonly DigestCredential _decoy;

    /// <summary>Throws <see cref="ArgumentException"/> for options out of range (see <see cref="DigestOptions"/>).</summary>
    public DigestAuthenticator(DigestOptions options, IDigestCredentials credentials, TimeProvider timeProvider, ILogger<DigestAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Check();
        _options = options;
        _credentials = credentials;
        _logger = logger;
        _realm = Encoding.UTF8.GetBytes(options.Realm);
        _nonces = new NonceIssuer(timeProvider, options.NonceLifetime);
        _counts = new NonceCounts(options.MaxTrackedNonces);
        _notAcceptedLog = new PeerLogSampler(options.LogSampleInterval, options.MaxLoggedSources, timeProvider);
        _refusedLog = new PeerLogSampler(options.LogSampleInterval, options.MaxLoggedSources, timeProvider);
        _decoy = DigestCredential.FromPassword("", options.Realm, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), "-");
    }

    /// <summary>Nonces whose nonce-count is remembered now; at most <see cref="DigestOptions.MaxTrackedNonces"/>.</summary>
    internal int TrackedNonces => _counts.Count;

    /// <summary>
    /// Checks the request's Authorization for this realm: the identity it proves, or the response to send instead (401
    /// with fresh challenges, or 400 for credentials that break the rules). Never throws for what a peer sent.
    /// </summary>
    public DigestResult Authenticate(IncomingRequest incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return Authenticate(incoming.Request, incoming.Flow.RemoteEndPoint.Address, incoming.CreateResponse);
    }

    /// <summary>The same for a request from <paramref name="source"/>, its responses made by <paramref name="createResponse"/> (status, reason phrase, To tag).</summary>
    internal DigestResult Authenticate(SipRequest request, IPAddress source, Func<int, string?, string?, SipResponse> createResponse)
    {
        var verdict = Verify(request, source);
        if (verdict.Failure == DigestFailure.None)
        {
            return DigestResult.Success(verdict.Credential!.Identity, verdict.Username!);
        }

        Log(request.Method, source, verdict);
        var status = DigestFailures.StatusOf(verdict.Failure);
        var response = createResponse(status, DigestFailures.ReasonOf(verdict.Failure, verdict.Detail), null);
        if (status == 401)
        {
            AddChallenges(response, source, DigestFailures.IsStale(verdict.Failure),
                verdict.Failure == DigestFailure.AlgorithmNotForUser ? verdict.Credential : null);
        }

        return DigestResult.Refused(response);
    }

    /// <summary>
    /// One WWW-Authenticate per offered algorithm, in order (RFC 8760 §2.4), sharing one fresh nonce; only the
    /// algorithms <paramref name="onlyFor"/> has an HA1 for, when given.
    /// </summary>
    internal void AddChallenges(SipResponse response, IPAddress source, bool stale, DigestCredential? onlyFor = null)
    {
        var nonce = _nonces.Issue(source);
        foreach (var algorithm in _options.Algorithms)
        {
            if (onlyFor is null || onlyFor.Supports(algorithm))
            {
                response.Headers.Add(HeaderKind.WwwAuthenticate,
                    $"Digest realm=\"{_options.Realm}\", nonce=\"{nonce}\", algorithm={DigestAlgorithmNames.Of(algorithm)}, qop=\"auth\"{(stale ? ", stale=true" : "")}");
            }
        }
    }

    private void Log(string method, IPAddress source, DigestVerdict verdict)
    {
        if (verdict.Failure == DigestFailure.NoCredentials)
        {
            return;
        }

        var credentialFault = DigestFailures.IsCredentialFault(verdict.Failure);
        if (!_logger.IsEnabled(credentialFault ? LogLevel.Warning : LogLevel.Debug) ||
            !(credentialFault ? _refusedLog : _notAcceptedLog).ShouldLog(source, out var suppressed))
        {
            return;
        }

        var user = verdict.Username is null ? "-" : SipFailure.Sanitize(verdict.Username);
        var why = DigestFailures.Describe(verdict.Failure, verdict.Detail);
        if (credentialFault)
        {
            AuthenticationLog.CredentialsRefused(_logger, method, source, user, why, suppressed);
        }
        else
        {
            AuthenticationLog.NotAccepted(_logger, method, source, user, DigestFailures.StatusOf(verdict.Failure), why, suppressed);
        }
    }
}
