using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Http;
using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Http;

/// <summary>A real Kestrel on 127.0.0.1:0 serving avatars from a temp themes folder.</summary>
public sealed class AvatarServer : IAsyncLifetime
{
    private readonly TempThemeFolder _folder = new();
    private WebApplication? _app;

    internal CollectingLoggerProvider Logs { get; } = new();

    internal ThemeStore Store => _app!.Services.GetRequiredService<ThemeStore>();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder.AddTheme("default", ShippedThemes.Default);
        _folder.AddTheme("boardroom", ShippedThemes.Boardroom);
        _folder.AddTheme("team.v2", ShippedThemes.Boardroom);
        _folder.AddTheme("broken", [0xFF, 0xD8, 0xFF]);

        _app = Build(_folder.Path, Logs);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(BoundAddress(_app)) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _folder.Dispose();
    }

    internal static WebApplication Build(string themesFolder, CollectingLoggerProvider logs, IDictionary<string, string?>? settings = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Themes:Folder"] = themesFolder });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton(sp => new ThemeStore(
            builder.Configuration.GetSection(ThemeOptions.SectionName).Get<ThemeOptions>() ?? new ThemeOptions(),
            sp.GetRequiredService<ILogger<ThemeStore>>()));
        WebApplication app = builder.Build();
        app.MapAvatarEndpoints();
        return app;
    }

    private static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
}
