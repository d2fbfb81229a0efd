using PresenceAgent.Tests.Support;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

/// <summary>
/// The last picture each theme could not take in, kept for the admin console: from start and from later looks, with
/// whether the theme still shows its earlier picture, until a usable file or the folder's removal clears it.
/// </summary>
public sealed class ThemeStoreFaultTests : IDisposable
{
    private static readonly DateTime Written = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly TempThemeFolder _folder = new();
    private readonly ManualTimeProvider _time = new();
    private int _writes;

    public ThemeStoreFaultTests()
    {
        Write("default", TestImages.Solid(100, 100, TestImages.Red));
        Write("boardroom", TestImages.Solid(100, 100, TestImages.Green));
    }

    public void Dispose() => _folder.Dispose();

    private ThemeStore Store() => new(new ThemeOptions { Folder = _folder.Path }, new CollectingLoggerProvider().CreateLogger<ThemeStore>(), _time);

    private void Write(string theme, byte[] bytes)
    {
        _folder.AddTheme(theme, bytes);
        File.SetLastWriteTimeUtc(_folder.AvatarPath(theme), Written.AddSeconds(++_writes));
    }

    private void Settle(ThemeStore store)
    {
        store.Rescan();
        _time.Advance(ThemeStore.Settle);
        store.Rescan();
    }

    [Fact]
    public void Usable_themes_have_no_fault()
    {
        Assert.Empty(Store().Faults);
    }

    [Fact]
    public void A_theme_unusable_at_start_has_its_fault_and_shows_the_default()
    {
        Write("lobby", "not a picture"u8.ToArray());
        _folder.AddTheme("hall", avatar: null);

        var store = Store();

        var lobby = store.Faults["LOBBY"];
        Assert.Equal((AvatarFault.UnsupportedFormat, false, _folder.AvatarPath("lobby")), (lobby.Fault, lobby.KeepsPrevious, lobby.Path));
        Assert.Equal((AvatarFault.None, "the file does not exist"), (store.Faults["hall"].Fault, store.Faults["hall"].Reason));
        Assert.Equal(2, store.Faults.Count);
    }

    [Fact]
    public void A_refused_replacement_is_a_fault_that_keeps_the_previous_picture_until_a_usable_one_comes()
    {
        var store = Store();
        var before = store.Current;

        Write("boardroom", TestImages.PngHeaderOnly(65535, 65535));
        Settle(store);

        var fault = Assert.Single(store.Faults).Value;
        Assert.Equal(("boardroom", AvatarFault.TooManyPixels, true), (fault.Theme, fault.Fault, fault.KeepsPrevious));
        Assert.Same(before, store.Current);

        Write("boardroom", TestImages.Solid(120, 120, TestImages.Blue));
        Settle(store);

        Assert.Empty(store.Faults);
        Assert.Equal(120, store.GetAvatar("boardroom").Width);
    }

    [Fact]
    public void A_removed_picture_is_a_fault_until_its_folder_goes_too()
    {
        var store = Store();

        File.Delete(_folder.AvatarPath("boardroom"));
        Settle(store);

        var fault = store.Faults["boardroom"];
        Assert.Equal((AvatarFault.None, "the file was removed", false), (fault.Fault, fault.Reason, fault.KeepsPrevious));

        System.IO.Directory.Delete(Path.Combine(_folder.Path, "boardroom"));
        Settle(store);

        Assert.Empty(store.Faults);
    }

    [Fact]
    public void The_default_losing_its_picture_keeps_showing_it_and_says_so()
    {
        var store = Store();

        File.Delete(_folder.AvatarPath("default"));
        Settle(store);

        var fault = store.Faults["default"];
        Assert.True(fault.KeepsPrevious);
        Assert.Contains("will not start without one", fault.Reason, StringComparison.Ordinal);
    }
}
