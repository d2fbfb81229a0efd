using PresenceAgent.Configuration;

namespace PresenceAgent.Tests.Configuration;

/// <summary>What a look at a configuration file sees: a save, a file appearing or going, and a link led elsewhere.</summary>
public sealed class FileStampTests : IDisposable
{
    private readonly string _folder = System.IO.Directory.CreateTempSubdirectory("pa-stamp-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_save_a_new_file_and_a_removed_one_each_look_different()
    {
        var path = Path.Combine(_folder, "appsettings.json");
        var none = FileStamp.Of(path);

        File.WriteAllText(path, "{}");
        var saved = FileStamp.Of(path);
        File.WriteAllText(path, """{ "Services": [] }""");
        var again = FileStamp.Of(path);
        File.Delete(path);

        Assert.Equal(default, none);
        Assert.NotEqual(none, saved);
        Assert.NotEqual(saved, again);
        Assert.Equal(none, FileStamp.Of(path));
    }

    [Fact]
    public void A_link_is_looked_through_so_a_swapped_target_is_a_change()
    {
        // As a Kubernetes ConfigMap volume: appsettings.json -> ..data/appsettings.json, ..data swapped on an update.
        var first = Path.Combine(_folder, "v1");
        var second = Path.Combine(_folder, "v2");
        System.IO.Directory.CreateDirectory(first);
        System.IO.Directory.CreateDirectory(second);
        File.WriteAllText(Path.Combine(first, "appsettings.json"), "{}");
        File.WriteAllText(Path.Combine(second, "appsettings.json"), """{ "Services": [] }""");
        var data = Path.Combine(_folder, "..data");
        System.IO.Directory.CreateSymbolicLink(data, first);
        var link = Path.Combine(_folder, "appsettings.json");
        File.CreateSymbolicLink(link, Path.Combine(data, "appsettings.json"));
        var before = FileStamp.Of(link);

        System.IO.Directory.Delete(data);
        System.IO.Directory.CreateSymbolicLink(data, second);

        Assert.Equal(2, before.Length);
        Assert.NotEqual(before, FileStamp.Of(link));
    }
}
