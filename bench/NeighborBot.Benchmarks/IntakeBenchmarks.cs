using BenchmarkDotNet.Attributes;
using NeighborBot.Intake;

namespace NeighborBot.Benchmarks;

/// <summary>
/// The intake analyzer runs on the webhook hot path for every resident message; the target is well under 50 µs
/// for a typical message. Also measured: a long rambling complaint, a non-ticket, a location answer, and building
/// the rules (done once at start-up).
/// </summary>
[MemoryDiagnoser]
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

    private readonly IntakeAnalyzer _analyzer = new(IntakeRules.Default);
    private readonly IntakeOptions _configured = new() { Keywords = { ["repair"] = ["货架|3"] } };

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

    [Benchmark(Description = "location answer")]
    public IntakeLocation? Location() => _analyzer.ExtractLocation("不对，是4号楼2单元");

    [Benchmark(Description = "build the rules with a configured addition (start-up)")]
    public IntakeRules BuildRules() => IntakeRules.Default.Merge(_configured);
}
