using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Agent.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(PresenceAgent.Benchmarks.SubscribeCall).Assembly).Run(args);
