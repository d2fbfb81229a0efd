using PresenceAgent.Fuzzing;
using SharpFuzz;

// One executable, one target per entry point: afl-fuzz runs `dotnet PresenceAgent.Fuzzing.dll TARGET` and feeds stdin.
// Outside afl-fuzz, Fuzzer.Run runs the target once on stdin, which is how a saved crash is replayed.
if (args.Length != 1 || !Targets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"usage: PresenceAgent.Fuzzing TARGET < input\ntargets: {string.Join(", ", Targets.All.Keys)}");
    return 2;
}

Fuzzer.Run(stream =>
{
    using var input = new MemoryStream();
    stream.CopyTo(input);
    target(input.ToArray());
});
return 0;
