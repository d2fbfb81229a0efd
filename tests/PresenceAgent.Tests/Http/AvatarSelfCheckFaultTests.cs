using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PresenceAgent.Http;
using PresenceAgent.Sip.Core;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Http;

/// <summary>
/// The self-check is a background service, and the host stops the whole agent when one throws: a fault of its own
/// (here, a server whose addresses cannot be read) is one Error and the end of the check only.
/// </summary>
public sealed class AvatarSelfCheckFaultTests : IDisposable
{
    private readonly TempThemeFolder _folder = new();
    private readonly CollectingLoggerProvider _logs = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_fault_inside_the_check_is_logged_once_and_does_not_escape()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        var themes = new ThemeStore(new ThemeOptions { Folder = _folder.Path }, _logs.CreateLogger<ThemeStore>());
        var publicBase = new PublicBaseUrl(new HttpOptions(), new SipStackOptions(), new BrokenServer());
        using var check = new AvatarSelfCheck(themes, publicBase, new StartedLifetime(), _logs.CreateLogger<AvatarSelfCheck>());

        await check.StartAsync(CancellationToken.None);
        var execution = Assert.IsAssignableFrom<Task>(check.ExecuteTask);
        await execution.Within();

        Assert.True(execution.IsCompletedSuccessfully);
        var error = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal("AvatarSelfCheckFaulted", error.EventId.Name);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    private sealed class BrokenServer : IServer
    {
        public IFeatureCollection Features => throw new InvalidOperationException("a bug reading the bound addresses");

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted { get; } = new(canceled: true);

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
