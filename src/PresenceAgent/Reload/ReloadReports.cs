namespace PresenceAgent.Reload;

/// <summary>
/// What the agent says about its configuration reloads: the last one (<see cref="Last"/>, null until the first), when
/// the configuration in force was loaded, and how many reloads ended each way since start. Read by <c>/healthz</c>,
/// the metrics and the admin console; only the reloader records. Thread-safe: what is read is immutable and replaced whole.
/// </summary>
internal sealed class ReloadReports(DateTimeOffset startedAt)
{
    private readonly long[] _counts = new long[Enum.GetValues<ReloadResult>().Length];
    private Reading _now = new(null, startedAt);

    /// <summary>The last reload and when the configuration in force was loaded, read together.</summary>
    public (ReloadReport? Last, DateTimeOffset LoadedAt) Now
    {
        get
        {
            var now = Volatile.Read(ref _now);
            return (now.Last, now.LoadedAt);
        }
    }

    public ReloadReport? Last => Volatile.Read(ref _now).Last;

    /// <summary>Reloads since start that ended with <paramref name="result"/>.</summary>
    public long Count(ReloadResult result) => Interlocked.Read(ref _counts[(int)result]);

    internal void Record(ReloadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Interlocked.Increment(ref _counts[(int)report.Result]);
        var loadedAt = report.Result == ReloadResult.Applied ? report.Time : Volatile.Read(ref _now).LoadedAt;
        Volatile.Write(ref _now, new Reading(report, loadedAt));
    }

    private sealed record Reading(ReloadReport? Last, DateTimeOffset LoadedAt);
}
