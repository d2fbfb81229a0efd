using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Sip.Benchmarks -- --filter '*'            (default job)
// dotnet run -c Release --project bench/Sip.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(PresenceAgent.Sip.Benchmarks.Messages).Assembly).Run(args);
