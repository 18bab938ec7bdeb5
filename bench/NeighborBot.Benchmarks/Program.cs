using BenchmarkDotNet.Running;
using NeighborBot.Benchmarks;

// Every benchmark class in this assembly; pick with --filter, e.g.
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- --filter '*'
//   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- --filter '*Inbound*' --job short
BenchmarkSwitcher.FromAssembly(typeof(BenchAccount).Assembly).Run(args);
