using System.Globalization;
using PresenceAgent.Http.AdminConsole;
using PresenceAgent.Reload;

namespace PresenceAgent.Configuration;

/// <summary>
/// The admin console's view of configuration reloads (<see cref="IReloadStatus"/>), read from <see cref="ReloadReports"/>
/// on each dashboard refresh: the last reload with every error by key and the keys waiting for a restart, when the
/// configuration in force was loaded, and one sentence saying what happened and what to do.
/// </summary>
internal sealed class ConsoleReloadStatus(ReloadReports reports) : IReloadStatus
{
    public ReloadStatus Current
    {
        get
        {
            var (last, loadedAt) = reports.Now;
            return new ReloadStatus(true, loadedAt, last is null ? null : Attempt(last), Summary(last, loadedAt));
        }
    }

    private static ReloadAttempt Attempt(ReloadReport report) => new(
        report.Time,
        TriggerName(report.Trigger),
        report.Result != ReloadResult.Rejected,
        [.. report.Errors.Select(e => new ReloadIssue(ReloadReport.KeyOf(e), MessageOf(e)))],
        report.RestartRequired);

    private static string Summary(ReloadReport? last, DateTimeOffset loadedAt)
    {
        var sentence = last switch
        {
            null => "The configuration in force was read at start. Save appsettings.json, send SIGHUP or POST /admin/reload to apply a change.",
            { Result: ReloadResult.Rejected } => $"The change read {When(last)} was refused with {last.Errors.Count} error(s); " +
                $"the configuration loaded {When(loadedAt)} stays in force. Fix each error below and save again.",
            { Result: ReloadResult.Unchanged } => $"The configuration was read again {When(last)}: nothing that applies without a restart had changed.",
            _ => $"The configuration was reloaded {When(last)}: {last.ServicesAdded.Count} service(s) added, {last.ServicesRemoved.Count} removed, " +
                $"{last.ServicesChanged.Count} changed; {last.Notified} subscription(s) notified, {last.Terminated} ended.",
        };
        return last is { RestartRequired.Count: > 0 }
            ? $"{sentence} Waiting for a restart: {string.Join(", ", last.RestartRequired)}."
            : sentence;
    }

    private static string When(ReloadReport report) => $"{When(report.Time)} ({TriggerName(report.Trigger)})";

    private static string When(DateTimeOffset time) => "at " + time.ToString("u", CultureInfo.InvariantCulture);

    /// <summary>What started it, as an admin knows it.</summary>
    private static string TriggerName(ReloadTrigger trigger) => trigger switch
    {
        ReloadTrigger.File => "file",
        ReloadTrigger.Signal => "SIGHUP",
        _ => "POST /admin/reload",
    };

    /// <summary>An error without its key, which the console shows beside it.</summary>
    private static string MessageOf(string error)
    {
        var key = ReloadReport.KeyOf(error);
        return error.Length > key.Length + 2 ? error[(key.Length + 2)..] : error;
    }
}
