using Microsoft.Diagnostics.Tracing;

// The agent's GC pauses from an EventPipe trace of the runtime's GC events, one line per suspension: when it ended
// (Unix ms, to line up with SIPp's per-second latency), ms since the process started, how long suspending took, the
// whole pause, and the collections in it with how long each ran; "#heap" lines give the generations' sizes after each.
//
//   dotnet run -c Release --project bench/tools/GcPauses -- TRACE.nettrace
//
// The trace comes from starting the agent with DOTNET_EnableEventPipe=1, DOTNET_EventPipeOutputPath=TRACE.nettrace and
// DOTNET_EventPipeConfig=Microsoft-Windows-DotNETRuntime:0x1:4 (the GC keyword, informational); bench/RESULTS.md shows
// a run_agent_ab.sh variant that does so.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: GcPauses TRACE.nettrace");
    return 2;
}

using var source = new EventPipeEventSource(args[0]);
double suspendAt = 0, suspended = 0;
var collections = new List<string>();
var started = new Dictionary<int, double>();
source.Clr.GCSuspendEEStart += e =>
{
    suspendAt = e.TimeStampRelativeMSec;
    collections.Clear();
};
source.Clr.GCSuspendEEStop += e => suspended = e.TimeStampRelativeMSec - suspendAt;
source.Clr.GCStart += e =>
{
    started[e.Count] = e.TimeStampRelativeMSec;
    collections.Add($"#{e.Count} gen{e.Depth} {e.Reason} {e.Type}");
};
source.Clr.GCStop += e => collections.Add($"#{e.Count} ran {e.TimeStampRelativeMSec - started.GetValueOrDefault(e.Count):F2}");
source.Clr.GCRestartEEStop += e =>
{
    var unixMs = new DateTimeOffset(e.TimeStamp.ToUniversalTime()).ToUnixTimeMilliseconds();
    Console.WriteLine($"{unixMs}\t{e.TimeStampRelativeMSec:F0}\tsuspend {suspended:F2}\tpause {e.TimeStampRelativeMSec - suspendAt:F2}\t{string.Join(", ", collections)}");
};
source.Clr.GCHeapStats += e => Console.WriteLine(
    $"#heap {e.TimeStampRelativeMSec:F0} gen0 {e.GenerationSize0 >> 10}K gen1 {e.GenerationSize1 >> 10}K gen2 {e.GenerationSize2 >> 10}K loh {e.GenerationSize3 >> 10}K promoted {(e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2) >> 10}K");
source.Process();
return 0;
