using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NeighborBot.Intake;
using Perfolizer.Mathematics.OutlierDetection;

namespace NeighborBot.Benchmarks;

/// <summary>
/// Time per message as the service spends it, message by message: each iteration analyses one message, the next one
/// of <see cref="IntakeTexts.All"/> (4,127: the training corpus, the older labelled sets, three texts of 3,000 and more
/// characters), so the percentiles BenchmarkDotNet reports over the iterations are percentiles over messages. Every
/// message is analysed once to warm up and twice measured; no iteration is dropped as an outlier, so the tail is all
/// there (including what a busy machine adds). Two jobs: each message after a full garbage collection (the default of
/// BenchmarkDotNet, caches cold) and messages back to back. The target of issue 12 is a p99 under 100 µs for rules and
/// model.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerMessage))]
public class IntakeMessageBenchmarks
{
    private readonly IntakeAnalyzer _analyzer = new(IntakeRules.Default, IntakeModelFile.BuiltIn.Value);
    private readonly IntakeAnalyzer _rules = new(IntakeRules.Default);
    private string[] _texts = [];
    private string _text = string.Empty;
    private int _next;

    [GlobalSetup]
    public void Setup() => _texts = IntakeTexts.All();

    [IterationSetup]
    public void NextMessage() => _text = _texts[_next++ % _texts.Length];

    [Benchmark(Description = "one message: rules and model (the service)")]
    public IntakeResult RulesAndModel() => _analyzer.Analyze(_text);

    [Benchmark(Description = "one message: rules alone")]
    public IntakeResult RulesAlone() => _rules.Analyze(_text);

    private sealed class PerMessage : ManualConfig
    {
        public PerMessage()
        {
            var messages = IntakeTexts.All().Length;
            var perMessage = Job.Default
                .WithStrategy(RunStrategy.Throughput)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(messages)
                .WithIterationCount(2 * messages)
                .WithOutlierMode(OutlierMode.DontRemove);

            // BenchmarkDotNet collects all garbage before every iteration by default: each message then runs after a
            // full collection has walked the heap, with little of intake left in the caches; the harder case. Without
            // it, messages follow each other as they do in a busy service.
            AddJob(perMessage.WithId("after a full GC"));
            AddJob(perMessage.WithGcForce(false).WithId("back to back"));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        }
    }

    /// <summary>A percentile of the iterations (BenchmarkDotNet has P95 and P100 built in, not P99).</summary>
    private sealed class PercentileColumn(int percentile) : IColumn
    {
        public string Id => $"{nameof(PercentileColumn)}.P{percentile}";

        public string ColumnName => $"P{percentile}";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 5;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => $"{percentile}th percentile of the iterations";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Percentiles.Percentile(percentile) / 1000).ToString("N1", style.CultureInfo) + " μs"
                : "NA";
    }
}
