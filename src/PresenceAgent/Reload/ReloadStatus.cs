namespace PresenceAgent.Reload;

/// <summary>
/// What the agent says about its configuration reloads: the last one (<see cref="Last"/>, null until the first) and
/// how many ended each way since start. Read by <c>/healthz</c>, the metrics and the admin console; only the reloader
/// records. Thread-safe: a report is immutable and replaced whole.
/// </summary>
internal sealed class ReloadStatus
{
    private readonly long[] _counts = new long[Enum.GetValues<ReloadResult>().Length];
    private ReloadReport? _last;

    public ReloadReport? Last => Volatile.Read(ref _last);

    /// <summary>Reloads since start that ended with <paramref name="result"/>.</summary>
    public long Count(ReloadResult result) => Interlocked.Read(ref _counts[(int)result]);

    internal void Record(ReloadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Interlocked.Increment(ref _counts[(int)report.Result]);
        Volatile.Write(ref _last, report);
    }
}
