using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PresenceAgent.Themes;

// DI registration lives in the DI namespace so Program.cs needs no extra using (Npgsql does the same).
namespace Microsoft.Extensions.DependencyInjection;

internal static class ThemeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ThemeOptions"/> (bound from the "Themes" section and validated at
    /// start), the <see cref="ThemeStore"/> singleton, and a start-up check that loads it, so the
    /// host refuses to start without a usable default avatar.
    /// </summary>
    public static IServiceCollection AddThemes(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ThemeOptions>()
            .Bind(configuration.GetSection(ThemeOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThemeOptions>, ThemeOptionsValidator>());
        services.TryAddSingleton<ThemeStore>();
        services.AddHostedService<ThemeStoreStartupCheck>();
        return services;
    }
}
