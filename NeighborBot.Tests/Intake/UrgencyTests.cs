using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>Urgent means immediate danger to life or property, with the kind of danger for the safety guidance.</summary>
public sealed class UrgencyTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("楼道里一股燃气味", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("家里煤气泄漏了", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("对面楼着火了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("楼道里在冒烟 好呛", IntakeHazards.Fire, IntakeCategories.Hazard)]
    [InlineData("配电箱冒火花了", IntakeHazards.Electric, IntakeCategories.Hazard)]
    [InlineData("电梯困人了 快来", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("我被困在电梯里了", IntakeHazards.Elevator, IntakeCategories.Repair)]
    [InlineData("家里水管爆了 水漫到客厅了", IntakeHazards.Flood, IntakeCategories.Repair)]
    [InlineData("我妈在厨房摔倒了起不来", IntakeHazards.Fall, IntakeCategories.Hazard)]
    [InlineData("空调外机摇摇欲坠 下面都是人", IntakeHazards.FallingObject, IntakeCategories.Hazard)]
    [InlineData("楼下两个人打起来了 拿着刀", IntakeHazards.Violence, IntakeCategories.Dispute)]
    [InlineData("我爸要把钱转到安全账户 拦不住", IntakeHazards.Fraud, IntakeCategories.Fraud)]
    [InlineData("我家老人走丢了 穿灰色棉袄", IntakeHazards.Missing, IntakeCategories.Hazard)]
    [InlineData("快来人啊 有人要跳楼", IntakeHazards.SelfHarm, IntakeCategories.Hazard)]
    [InlineData("天然气报警器一直响", IntakeHazards.Gas, IntakeCategories.Hazard)]
    [InlineData("有人放鞭炮把垃圾桶点着了", IntakeHazards.Fire, IntakeCategories.Hazard)]
    public void Immediate_danger_is_urgent_with_its_hazard(string text, string hazard, string category)
    {
        var result = Analyzer.Analyze(text);

        Assert.True(result.Urgent);
        Assert.Equal(hazard, result.Problems[0].Hazard);
        Assert.Equal(category, result.Category);
    }

    [Theory]
    [InlineData("楼道灯坏了")]
    [InlineData("二十三栋的电梯停在三楼不动了 没人在里面")]
    [InlineData("电梯坏了 里面没人")]
    [InlineData("消防通道堵了 万一着火消防车都进不来")]
    [InlineData("楼道堆的纸箱子容易着火")]
    [InlineData("不是着火 是有人在烧纸")]
    [InlineData("楼梯间放了个煤气罐")]
    [InlineData("冒充燃气公司的来收费")]
    [InlineData("手机快没电了 路灯还坏着")]
    [InlineData("墙上裂了几道缝")]
    [InlineData("电梯没有困人 就是门关不上")]
    [InlineData("燃气灶打不着火")]
    [InlineData("老人想要一个智能手环 怕走丢")]
    public void Problems_without_immediate_danger_are_not_urgent(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.False(result.Urgent);
        Assert.All(result.Problems, p => Assert.Null(p.Hazard));
    }

    [Fact]
    public void An_urgent_message_that_starts_like_a_correction_is_an_urgent_report()
    {
        var result = Analyzer.Analyze("不是漏水 是着火了！");

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(IntakeHazards.Fire, result.Problems[0].Hazard);
    }

    [Fact]
    public void An_urgent_message_stays_a_report_even_with_a_greeting_in_front()
    {
        var result = Analyzer.Analyze("在吗 楼道有烟 好呛");

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.True(result.Urgent);
    }
}
