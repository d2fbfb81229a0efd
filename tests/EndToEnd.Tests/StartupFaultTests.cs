using System.Net;
using System.Net.Sockets;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// An operator's mistake stops start with one logged message naming what to fix and exit code 2: never a stack trace,
/// never an abort (a broken default theme used to end in SIGABRT, exit 134).
/// </summary>
public sealed class StartupFaultTests
{
    private static readonly string[] s_freePorts =
    [
        "--Sip:Listeners:0:Port=0", "--Sip:Listeners:1:Port=0", "--Http:Urls=http://127.0.0.1:0", "--Http:AvatarSelfCheck=false",
    ];

    [Fact]
    public async Task A_missing_default_theme_exits_2_naming_the_key_and_the_file()
    {
        var themes = System.IO.Directory.CreateTempSubdirectory("pa-themes-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(themes, "default"));
        try
        {
            var (exitCode, output) = await AgentProcess.RunAsync([.. s_freePorts, "--Themes:Folder=" + themes]);

            Assert.Equal(2, exitCode);
            Assert.Contains("[FTL]", output, StringComparison.Ordinal);
            Assert.Contains("Themes:DefaultTheme: ", output, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(themes, "default", "presence_avatar_image.jpg"), output, StringComparison.Ordinal);
            AssertNoStackTrace(output);
        }
        finally
        {
            System.IO.Directory.Delete(themes, recursive: true);
        }
    }

    [Fact]
    public async Task A_relative_themes_folder_in_the_working_directory_is_the_one_read_and_named()
    {
        // What `dotnet run` from a checkout does: the designer's themes/ there, not the build's copy under bin/.
        string? broken = null;
        var (exitCode, output) = await AgentProcess.RunInAsync(
            folder =>
            {
                System.IO.Directory.CreateDirectory(Path.Combine(folder, "themes", "default"));
                broken = Path.Combine(folder, "themes", "default", "presence_avatar_image.jpg");
                File.WriteAllText(broken, "not a picture");
            },
            "check");

        Assert.Equal(2, exitCode);
        Assert.Contains($"Themes:DefaultTheme: The default theme 'default' has no usable avatar: {broken}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_themes_in_the_working_directory_the_shipped_ones_beside_the_binary_are_used()
    {
        var (exitCode, output) = await AgentProcess.RunAsync("check");

        Assert.Equal(0, exitCode);
        Assert.Contains($"themes in {Path.Combine(AppContext.BaseDirectory, "themes")}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dial_in_number_that_is_not_E164_and_an_unknown_access_level_stop_start_naming_their_keys()
    {
        var (exitCode, output) = await AgentProcess.RunAsync([.. s_freePorts,
            "--Services:0:Phones:0:Type=Work", "--Services:0:Phones:0:Number=030 901820", "--AccessLevels:Default=Friends"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("the configuration has 2 error(s)", output, StringComparison.Ordinal);
        Assert.Contains("  - Services:0:Phones:0:Number: ", output, StringComparison.Ordinal);
        Assert.Contains("  - AccessLevels:Default: ", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task Every_configuration_fault_is_listed_in_one_event_and_exits_2()
    {
        var (exitCode, output) = await AgentProcess.RunAsync([.. s_freePorts, "--Sip:Domains:0=bad domain", "--Subscriptions:MinExpires=0"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("the configuration has 2 error(s)", output, StringComparison.Ordinal);
        Assert.Contains("  - Sip:Domains:0: ", output, StringComparison.Ordinal);
        Assert.Contains("  - Subscriptions:MinExpires: ", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_broken_serilog_section_is_a_configuration_fault()
    {
        var (exitCode, output) = await AgentProcess.RunAsync([.. s_freePorts, "--Serilog:MinimumLevel:Default=Loud"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("  - Serilog: ", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task A_sip_port_in_use_exits_2_naming_the_listener()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exitCode, output) = await AgentProcess.RunAsync([.. s_freePorts, $"--Sip:Listeners:0:Port={port}"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("SIP cannot listen", output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task An_http_port_in_use_exits_2_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await AgentProcess.RunAsync([.. s_freePorts, $"--Http:Urls=http://127.0.0.1:{port}"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("HTTP cannot listen", output, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", output, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
}
