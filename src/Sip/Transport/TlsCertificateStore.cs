using System.Net.Security;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Our TLS certificate, reloaded without a restart: a timer on the injected <see cref="TimeProvider"/> reads the files
/// and, when their bytes changed, loads them; new handshakes get the new certificate, open connections keep theirs.
/// A file that does not load is logged with its path and the certificate in use is kept, so a half-copied renewal
/// never takes TLS down; the next change is tried again.
/// </summary>
internal sealed class TlsCertificateStore : IDisposable
{
    /// <summary>
    /// Renewals are planned days ahead of expiry, so half a minute is prompt enough; a check reads two small files.
    /// A timer rather than a file watcher: it also sees files replaced on network shares and through symlink swaps
    /// (Kubernetes secrets), where watchers miss events.
    /// </summary>
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    private readonly SipTlsOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _checking = new();
    private readonly ITimer _timer;
    private byte[] _fingerprint;
    private volatile Loaded _current;

    private TlsCertificateStore(SipTlsOptions options, Loaded loaded, byte[] fingerprint, TimeProvider time, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _current = loaded;
        _fingerprint = fingerprint;
        _timer = time.CreateTimer(static s => ((TlsCertificateStore)s!).OnTimer(), this, CheckInterval, CheckInterval);
    }

    /// <summary>The certificate for new handshakes, with its intermediates.</summary>
    public SslStreamCertificateContext Current => _current.Context;

    /// <summary>Loads the certificate; throws <see cref="InvalidOperationException"/> naming the file when it cannot be used.</summary>
    public static TlsCertificateStore Load(SipTlsOptions options, TimeProvider time, ILogger logger)
    {
        Loaded loaded;
        byte[] fingerprint;
        try
        {
            var files = SipTlsFiles.ReadCertificate(options);
            fingerprint = Fingerprint(files);
            loaded = Parse(files, options.Password);
        }
        catch (Exception ex) when (SipTlsFiles.IsFileProblem(ex))
        {
            throw new InvalidOperationException($"Cannot use the TLS certificate {Describe(options)}: {ex.Message}", ex);
        }

        TransportLog.TlsCertificateLoaded(logger, loaded.Subject, loaded.Thumbprint, loaded.NotAfter, Describe(options));
        return new TlsCertificateStore(options, loaded, fingerprint, time, logger);
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>
    /// The timer's callback. Nothing may escape it: on the system timer an exception would end the process, while TLS
    /// can go on with the certificate in use and the next check may succeed.
    /// </summary>
    private void OnTimer()
    {
        try
        {
            Check();
        }
        catch (Exception ex)
        {
            TransportLog.TlsCertificateCheckFault(_logger, ex, Describe(_options));
        }
    }

    /// <summary>One reload check; the timer calls it, tests may too.</summary>
    internal void Check()
    {
        // A slow disk can make checks overlap; the one already running will see the change.
        if (!_checking.TryEnter())
        {
            return;
        }

        try
        {
            SipTlsFiles.CertificateFiles files;
            try
            {
                files = SipTlsFiles.ReadCertificate(_options);
            }
            catch (Exception ex) when (SipTlsFiles.IsFileProblem(ex))
            {
                // Gone or unreadable (a renewal replacing it): reported once; whatever appears next differs from "nothing".
                if (_fingerprint.Length > 0)
                {
                    _fingerprint = [];
                    TransportLog.TlsCertificateReloadFailed(_logger, Describe(_options), _current.Thumbprint, ex.Message);
                }

                return;
            }

            var fingerprint = Fingerprint(files);
            if (fingerprint.AsSpan().SequenceEqual(_fingerprint))
            {
                return;
            }

            // Remembered even when the new bytes fail to load, so a bad file is reported once, not every interval.
            _fingerprint = fingerprint;
            Loaded loaded;
            try
            {
                loaded = Parse(files, _options.Password);
            }
            catch (Exception ex) when (SipTlsFiles.IsFileProblem(ex))
            {
                TransportLog.TlsCertificateReloadFailed(_logger, Describe(_options), _current.Thumbprint, ex.Message);
                return;
            }

            // The old certificate is not disposed: handshakes that started with it may still be using it.
            _current = loaded;
            TransportLog.TlsCertificateLoaded(_logger, loaded.Subject, loaded.Thumbprint, loaded.NotAfter, Describe(_options));
        }
        finally
        {
            _checking.Exit();
        }
    }

    private static Loaded Parse(SipTlsFiles.CertificateFiles files, string? password)
    {
        var (leaf, chain) = SipTlsFiles.ParseCertificate(files, password);

        // offline: the chain is what the file holds; fetching missing intermediates would stall a handshake path on
        // the network.
        var context = SslStreamCertificateContext.Create(leaf, chain, offline: true);
        return new Loaded(context, leaf.Subject, leaf.Thumbprint, leaf.NotAfter.ToUniversalTime());
    }

    private static byte[] Fingerprint(SipTlsFiles.CertificateFiles files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(files.Certificate);
        if (files.Key is { } key)
        {
            hash.AppendData(key);
        }

        return hash.GetHashAndReset();
    }

    private static string Describe(SipTlsOptions options) =>
        options.KeyPath is { } key ? $"{options.CertificatePath} (key {key})" : options.CertificatePath!;

    private sealed record Loaded(SslStreamCertificateContext Context, string Subject, string Thumbprint, DateTime NotAfter);
}
