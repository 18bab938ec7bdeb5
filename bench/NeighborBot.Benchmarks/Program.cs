using BenchmarkDotNet.Running;
using NeighborBot.Benchmarks;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- --filter '*'
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- --filter '*Inbound*' --job short
// and per-message latency percentiles of intake (rules and model) over every labelled message:
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- intake-latency [rounds]
if (args is ["intake-latency", ..])
{
    return IntakeLatency.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchAccount).Assembly).Run(args);
return 0;
