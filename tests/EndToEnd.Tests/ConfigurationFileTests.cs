using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// An operator's <c>appsettings.json</c> in the working directory, over the embedded defaults: the lists a deployment
/// names for itself replace the samples whole, a typo in a section name is refused, a broken file is named.
/// </summary>
public sealed class ConfigurationFileTests
{
    [Fact]
    public async Task A_file_with_its_own_services_replaces_the_sample_dial_plan_whole()
    {
        var (exitCode, output) = await AgentProcess.RunInAsync(
            folder => File.WriteAllText(Path.Combine(folder, "appsettings.json"),
                """{ "Services": [ { "Name": "Solo", "Aliases": [ "solo" ] } ] }"""),
            "explain", "meet.alice");

        // Merged by index, the file's service would have inherited the first sample's description and theme, and the
        // sample list naming meet.alice would still be there.
        Assert.Equal(0, exitCode);
        Assert.Contains("no service and no rule: watchers get 404", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_service_inherits_nothing_from_the_samples()
    {
        var (_, output) = await AgentProcess.RunInAsync(
            folder => File.WriteAllText(Path.Combine(folder, "appsettings.json"),
                """{ "Services": [ { "Name": "Solo", "Aliases": [ "solo" ] } ] }"""),
            "explain", "solo");

        Assert.Contains("Vmr 'Solo' answers", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", output, StringComparison.Ordinal);
        Assert.Contains("avatars/default.jpg", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switches_still_change_items_by_index()
    {
        var (_, output) = await AgentProcess.RunAsync("explain", "townhall", "--Services:1:Name=Great Hall");

        Assert.Contains("Auditorium 'Great Hall' answers", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelled_section_is_refused_by_name()
    {
        var (exitCode, output) = await AgentProcess.RunInAsync(
            folder => File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{ "Servies": [ { "Name": "Solo" } ] }"""),
            "check");

        Assert.Equal(2, exitCode);
        Assert.Contains("Servies: no such section", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Sip": { """, "cannot be read as JSON")]
    [InlineData("""{ "Sip": { "Host": "a", "Host": "b" } }""", "duplicate key")]
    public async Task A_broken_file_is_named_and_stops_start(string content, string fault)
    {
        string? file = null;
        var (exitCode, output) = await AgentProcess.RunInAsync(
            folder => File.WriteAllText(file = Path.Combine(folder, "appsettings.json"), content),
            "--Http:AvatarSelfCheck=false");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{file}: ", output, StringComparison.Ordinal);
        Assert.Contains(fault, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
