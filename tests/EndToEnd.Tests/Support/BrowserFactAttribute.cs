namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A test that drives the admin console in Debian's chromium. Without chromium on the machine it reports itself
/// skipped with the reason; under CI (CI=true, where .ci/run installs chromium) it is never skipped, so a missing
/// chromium fails the run.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Path is null && !Chromium.RequiredByCi)
        {
            Skip = "chromium is not installed (Debian package chromium); .ci/run installs it and there these tests always run";
        }
    }
}
