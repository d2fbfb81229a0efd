using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Reload;
using PresenceAgent.Themes;

namespace PresenceAgent.Configuration;

/// <summary>
/// Reads the configuration again, from the same layers as start (<see cref="ConfigurationOrigin"/>), and checks it whole
/// through the same <see cref="ValidatedConfiguration.Load"/>. A change with errors is refused whole: logged with every
/// error and its key, recorded in <see cref="ReloadReports"/>, and the running configuration stays. A valid one is
/// applied at once by <see cref="DialPlanSwitch"/>; changed keys only a restart applies (<see cref="LiveSections"/>)
/// are reported, never silently dropped, and the rest applies. One reload at a time.
/// </summary>
internal sealed class ConfigurationReloader : IConfigurationReloader, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConfigurationOrigin _origin;
    private readonly IReadOnlyDictionary<string, string> _started;
    private readonly IReadOnlyList<string> _domains;
    private readonly ThemeStore _themes;
    private readonly RunningConfiguration _running;
    private readonly DialPlanSwitch _switch;
    private readonly ReloadReports _status;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly PeerLogSampler _sampler;
    private IReadOnlyDictionary<string, string> _applied;
    private Watched _watched;

    /// <summary>
    /// A reloader for the agent that started from <paramref name="origin"/> with the values <paramref name="started"/>
    /// (<see cref="LiveSections.Values"/>; restart-only keys are compared with them) and <paramref name="stateMapFile"/> (watched with the configuration file).
    /// </summary>
    public ConfigurationReloader(ConfigurationOrigin origin, IReadOnlyDictionary<string, string> started, string? stateMapFile, Sip.Core.SipStackOptions sip,
        ThemeStore themes, RunningConfiguration running, DialPlanSwitch dialPlan, ReloadReports status, TimeProvider time, ILoggerFactory loggers,
        PeerLogSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(sip);
        ArgumentNullException.ThrowIfNull(loggers);
        _origin = origin;
        _started = _applied = started;
        _domains = sip.Domains;
        _themes = themes;
        _running = running;
        _switch = dialPlan;
        _status = status;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ConfigurationReloader>();
        _sampler = sampler;
        _watched = Watch(stateMapFile);
    }

    /// <summary>The files a change of which is a reason to reload: the configuration file, and the state map file when one is set.</summary>
    public IReadOnlyList<string> Files => Volatile.Read(ref _watched).Files;

    /// <summary>Whether a watched file differs (in size, time or being there) from when it was last read.</summary>
    public bool FilesChanged()
    {
        var watched = Volatile.Read(ref _watched);
        return !FileStamp.Of(watched.Files).SequenceEqual(watched.Stamps);
    }

    public async Task<ReloadReport> ReloadAsync(ReloadTrigger trigger)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Reading, checking and applying are work for the thread pool, not for the caller's thread (a signal's, a request's).
            return await Task.Run(() => Reload(trigger)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private ReloadReport Reload(ReloadTrigger trigger)
    {
        var now = _time.GetUtcNow();
        var label = ReloadNames.Of(trigger);
        var stamps = FileStamp.Of(_watched.Files);
        IReadOnlyDictionary<string, string> values;
        ValidatedConfiguration loaded;
        try
        {
            var layers = _origin.Load();
            values = LiveSections.Values(layers);
            loaded = ValidatedConfiguration.Load(layers, _loggers, _themes);
        }
        catch (ConfigurationErrorsException ex)
        {
            // The files as read count as seen: the same broken save is not read again until it changes.
            Volatile.Write(ref _watched, _watched with { Stamps = stamps });
            _logger.Rejected(label, ex.Errors.Count, string.Concat(ex.Errors.Select(e => Environment.NewLine + "  - " + e)));
            return Record(new ReloadReport(now, trigger, ReloadResult.Rejected) { Errors = ex.Errors });
        }

        // Stamped before reading, so a save made while this reload read is still a change; a state map file named anew
        // is stamped as it is now.
        var watched = Watch(loaded.Config.Presence.StateMapFile);
        Volatile.Write(ref _watched, watched.Files.SequenceEqual(_watched.Files) ? watched with { Stamps = stamps } : watched);
        var restart = LiveSections.RestartRequired(_started, values);
        if (restart.Count > 0)
        {
            _logger.RestartRequired(string.Join(", ", restart));
        }

        var previous = _running.Current;
        if (LiveSections.LiveUnchanged(_applied, values) && previous.States.ShowsSameAs(loaded.States))
        {
            _logger.Unchanged(label);
            return Record(new ReloadReport(now, trigger, ReloadResult.Unchanged) { RestartRequired = restart });
        }

        var next = loaded.Snapshot(_domains, now, previous, _loggers.CreateLogger<ContactDirectory>(), _sampler);
        DialPlanDiff diff;
        int notified;
        int terminated;
        try
        {
            (diff, notified, terminated) = _switch.Apply(next);
        }
        catch (Exception ex)
        {
            _logger.Faulted(label, ex);
            throw;
        }

        _applied = values;
        var (added, removed, changed) = diff.Services();
        _logger.Reloaded(label, string.Join(", ", added), string.Join(", ", removed), string.Join(", ", changed),
            diff.RulesChanged ? "changed" : "unchanged", diff.StatesChanged ? "changed" : "unchanged", notified, terminated);
        return Record(new ReloadReport(now, trigger, ReloadResult.Applied)
        {
            RestartRequired = restart,
            ServicesAdded = added,
            ServicesRemoved = removed,
            ServicesChanged = changed,
            Notified = notified,
            Terminated = terminated,
        });
    }

    private ReloadReport Record(ReloadReport report)
    {
        _status.Record(report);
        return report;
    }

    /// <summary>The files to watch with the state map file <paramref name="stateMapFile"/>, stamped as they are now.</summary>
    private Watched Watch(string? stateMapFile)
    {
        // The state map file is read relative to the working directory (StateMapReader), whatever the configuration's folder.
        string[] files = string.IsNullOrWhiteSpace(stateMapFile) ? [_origin.File] : [_origin.File, Path.GetFullPath(stateMapFile)];
        return new Watched(files, FileStamp.Of(files));
    }

    private sealed record Watched(IReadOnlyList<string> Files, FileStamp[] Stamps);
}
