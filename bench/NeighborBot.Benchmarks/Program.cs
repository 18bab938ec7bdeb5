using BenchmarkDotNet.Running;
using NeighborBot.Benchmarks;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- --filter '*'
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- --filter '*Inbound*' --job short
// and one measurement that is not a micro-benchmark (scripts/broadcast-load.sh runs it on a private Redis):
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- broadcast --redis 127.0.0.1:6379 --recipients 5000 --rate 50
// and per-message latency percentiles of intake (rules and model) over every labelled message:
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- intake-latency [rounds]
if (args is ["broadcast", ..])
{
    return await BroadcastLoad.RunAsync(args[1..]);
}

if (args is ["intake-latency", ..])
{
    return IntakeLatency.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchAccount).Assembly).Run(args);
return 0;
