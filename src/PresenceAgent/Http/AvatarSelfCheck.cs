using System.Net;
using PresenceAgent.Themes;

namespace PresenceAgent.Http;

/// <summary>
/// Once the agent has started, fetches every theme's avatar through the public link watchers receive, as a watcher
/// would (no credentials, the platform's certificate trust), and warns when that fails: a wrong Http:PublicBaseUrl, a
/// certificate clients will not trust, or a proxy that does not forward show up in the log at start rather than as
/// contacts without pictures. Runs in the background; it never delays or stops start-up, and a fault of its own is
/// logged, never the end of the agent.
/// </summary>
internal sealed class AvatarSelfCheck(
    ThemeStore themes,
    PublicBaseUrl publicBase,
    IHostApplicationLifetime lifetime,
    ILogger<AvatarSelfCheck> logger) : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await CheckAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the check finished: nothing to report.
        }
        catch (Exception ex)
        {
            // The host stops the whole agent when a background service throws; a check that only warns must not.
            logger.AvatarSelfCheckFaulted(ex);
        }
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        // The public base may be the address Kestrel bound, known only once the server listens.
        if (!await StartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var baseUrl = publicBase.Get();
        if (baseUrl.Scheme != Uri.UriSchemeHttps && !IsLoopback(baseUrl))
        {
            logger.AvatarUrlNotHttps(baseUrl);
        }

        using var client = new HttpClient { Timeout = RequestTimeout };
        foreach (var theme in themes.Themes)
        {
            var avatar = themes.GetAvatar(theme);
            var url = AvatarUrls.For(baseUrl, avatar.Theme);
            if (await FetchFaultAsync(client, url, avatar, stoppingToken).ConfigureAwait(false) is { } fault)
            {
                logger.AvatarSelfCheckFailed(avatar.Theme, url, fault);
            }
            else
            {
                logger.AvatarSelfCheckPassed(avatar.Theme, url);
            }
        }
    }

    /// <summary>Why the avatar at <paramref name="url"/> is not what watchers should get; null when it is.</summary>
    private static async Task<string?> FetchFaultAsync(HttpClient client, Uri url, Avatar avatar, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            if (response.Content.Headers.ContentType?.MediaType != "image/jpeg")
            {
                return $"Content-Type {response.Content.Headers.ContentType?.MediaType ?? "missing"}, not image/jpeg";
            }

            // Another server answering at that address (a stale proxy, another agent) would serve other bytes.
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return bytes.AsSpan().SequenceEqual(avatar.Default.Bytes.Span) ? null : "a different image is served there";
        }
        catch (HttpRequestException ex)
        {
            return ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {RequestTimeout.TotalSeconds:0} s";
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
