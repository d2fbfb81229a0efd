namespace PresenceAgent.Configuration;

/// <summary>
/// Where the configuration comes from: the command line, a test's overrides, and the folder <c>appsettings.json</c> is
/// read from. Start and every reload build the same layers (<see cref="ConfigurationLayers"/>) from it.
/// </summary>
internal sealed record ConfigurationOrigin(string[] Args, IDictionary<string, string?>? Overrides, string Folder)
{
    /// <summary>The agent run from the working directory, as operators start it.</summary>
    public static ConfigurationOrigin WorkingDirectory(string[] args, IDictionary<string, string?>? overrides = null) =>
        new(args, overrides, System.IO.Directory.GetCurrentDirectory());

    /// <summary>The configuration file, whether or not it exists.</summary>
    public string File => ConfigurationLayers.FileIn(Folder);

    /// <summary>The layers as they are now; throws <see cref="ConfigurationErrorsException"/> when the file is not JSON.</summary>
    public IConfiguration Load()
    {
        var builder = new ConfigurationBuilder();
        ConfigurationLayers.AddTo(builder, Args, Overrides, Folder);
        return builder.Build();
    }
}
