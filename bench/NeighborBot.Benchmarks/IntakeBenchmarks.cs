using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using NeighborBot.Intake;

namespace NeighborBot.Benchmarks;

/// <summary>
/// The intake analyzer runs on the webhook hot path for every resident message, as the service runs it: the rules and
/// the committed model (NeighborBot.Domain/Intake/Model/intake.model). The target is under 100 µs at p99 per message
/// (issue 12); <see cref="IntakeMessageBenchmarks"/> gives the percentiles over messages, these give the mean, the
/// spread and the allocation of typical shapes of message, of 1,000 messages spread over the training corpus, the
/// rules alone beside them, and what loading the model costs (its allocation is the memory the model adds, with the
/// garbage of reading it).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Percentiles))]
public class IntakeBenchmarks
{
    private const string Typical = "3号楼2单元楼道灯坏了好几天了 晚上黑乎乎的";
    private const string TwoProblems = "俺家楼道灯💡坏了，还有垃圾一直木人收😡";
    private const string Urgent = "8号楼电梯困人了 里面有个老人 快来人！！";
    private const string Thanks = "好的 谢谢你们啊 辛苦了🙏";
    private const string Rambling = """
        俺跟你们说个事啊 俺在这个小区住了十来年了 从来没遇到过这样的邻居 楼上那家去年搬来的 一开始还好 后来天天晚上十一二点还在屋里跺脚拖东西
        俺上去敲过三回门 头一回还说对不起 后来干脆不开门了 俺老伴心脏不好 一晚上醒好几回 白天没精神 俺也找过物业 物业说他们管不了让找社区
        俺就想问问社区能不能出面给调解调解 实在不行俺也不想闹到派出所去
        """;

    private const int SampleSize = 1000;

    /// <summary>A forwarded chain letter of 3,000 characters: read on a bounded prefix.</summary>
    private static readonly string ChainLetter = IntakeTexts.Long[0];

    private readonly IntakeAnalyzer _analyzer = new(IntakeRules.Default, IntakeModelFile.BuiltIn.Value);
    private readonly IntakeAnalyzer _rules = new(IntakeRules.Default);
    private readonly IntakeOptions _configured = new() { Keywords = { ["repair"] = ["货架|3"] } };
    private readonly string[] _sample = IntakeTexts.Sample(SampleSize);
    private byte[] _modelFile = [];

    [GlobalSetup]
    public void Setup()
    {
        using var buffer = new MemoryStream();
        IntakeModelFile.BuiltIn.Value.Write(buffer);
        _modelFile = buffer.ToArray();
    }

    [Benchmark(Description = "typical report (repair, location)")]
    public IntakeResult Report() => _analyzer.Analyze(Typical);

    [Benchmark(Description = "two problems, emoji, dialect")]
    public IntakeResult Two() => _analyzer.Analyze(TwoProblems);

    [Benchmark(Description = "urgent")]
    public IntakeResult UrgentReport() => _analyzer.Analyze(Urgent);

    [Benchmark(Description = "thanks (not a ticket)")]
    public IntakeResult NotATicket() => _analyzer.Analyze(Thanks);

    [Benchmark(Description = "long rambling complaint (~200 chars)")]
    public IntakeResult LongComplaint() => _analyzer.Analyze(Rambling);

    [Benchmark(Description = "chain letter (3,000 chars)")]
    public IntakeResult Chain() => _analyzer.Analyze(ChainLetter);

    [Benchmark(Description = "long rambling complaint, rules alone")]
    public IntakeResult LongComplaintRules() => _rules.Analyze(Rambling);

    /// <summary>1,000 messages spread evenly over the training corpus, each once; the figure is per message.</summary>
    [Benchmark(Description = "corpus sample, per message", OperationsPerInvoke = SampleSize)]
    public int Corpus()
    {
        var tickets = 0;
        foreach (var text in _sample)
        {
            tickets += _analyzer.Analyze(text).Problems.Count;
        }

        return tickets;
    }

    [Benchmark(Description = "location answer")]
    public IntakeLocation? Location() => _analyzer.ExtractLocation("不对，是4号楼2单元");

    [Benchmark(Description = "build the rules with a configured addition (start-up)")]
    public IntakeRules BuildRules() => IntakeRules.Default.Merge(_configured);

    [Benchmark(Description = "read the model file (start-up, reload)")]
    public IntakeModel LoadModel() => IntakeModel.Read(new MemoryStream(_modelFile));

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.P95, StatisticColumn.Max);
    }
}
