using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>Which of the eight categories a problem belongs to (product.md), including negation.</summary>
public sealed class CategoryTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("楼道的声控灯不亮了", IntakeCategories.Repair)]
    [InlineData("单元门的闭门器坏了 门老是关不上", IntakeCategories.Repair)]
    [InlineData("家里突然停水了", IntakeCategories.Repair)]
    [InlineData("楼道里有人用电动车飞线充电", IntakeCategories.Hazard)]
    [InlineData("消防通道被三轮车堵了", IntakeCategories.Hazard)]
    [InlineData("楼上天天半夜跺脚 说了也不听", IntakeCategories.Dispute)]
    [InlineData("邻居的狗天天乱叫", IntakeCategories.Dispute)]
    [InlineData("医保断缴了怎么补交", IntakeCategories.Consult)]
    [InlineData("高龄补贴怎么申请", IntakeCategories.Consult)]
    [InlineData("物业费凭什么又涨了", IntakeCategories.Property)]
    [InlineData("保安天天不在岗", IntakeCategories.Property)]
    [InlineData("垃圾桶满了好几天没人倒", IntakeCategories.Environment)]
    [InlineData("楼道里好多蟑螂", IntakeCategories.Environment)]
    [InlineData("有人打电话说我的银行卡被冻结了 是不是骗子", IntakeCategories.Fraud)]
    [InlineData("收到短信让我点链接领补贴 真的假的", IntakeCategories.Fraud)]
    [InlineData("我想要一台收音机", IntakeCategories.Wish)]
    [InlineData("希望有人陪我去医院", IntakeCategories.Wish)]
    public void Each_category_is_recognised(string text, string category)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(category, result.Category);
    }

    [Fact]
    public void A_negated_keyword_does_not_count_and_the_affirmed_part_decides()
    {
        var result = Analyzer.Analyze("厨房下水道不是漏水,是堵了");

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(IntakeCategories.Repair, result.Category);
    }

    [Fact]
    public void A_negation_moves_the_category_to_what_is_affirmed()
    {
        Assert.Equal(IntakeCategories.Environment, Analyzer.Analyze("厨房里不是燃气味 是垃圾桶太臭了").Category);
    }

    [Fact]
    public void A_question_with_shi_bu_shi_is_not_a_negation()
    {
        var result = Analyzer.Analyze("厨房是不是漏气了 有股味");

        Assert.Equal(IntakeCategories.Hazard, result.Category);
        Assert.True(result.Urgent);
    }

    [Theory]
    [InlineData("冒充燃气公司的打电话说要停气 是不是骗子", IntakeCategories.Fraud)]
    [InlineData("有人说是社区的 上门给老人发补贴 要银行卡", IntakeCategories.Fraud)]
    [InlineData("希望有人帮我换个灯泡 我够不着", IntakeCategories.Wish)]
    [InlineData("楼上漏水到我家 找他们好几次都不管", IntakeCategories.Dispute)]
    public void Words_of_one_category_inside_another_kind_of_message_do_not_mislead(string text, string category)
    {
        Assert.Equal(category, Analyzer.Analyze(text).Category);
    }

    [Theory]
    [InlineData("办个居住证要啥手续", IntakeCategories.Consult)]
    [InlineData("老年证在哪办 要带啥", IntakeCategories.Consult)]
    [InlineData("独生子女补贴一年多少钱", IntakeCategories.Consult)]
    [InlineData("燃气费怎么交 逾期有滞纳金吗", IntakeCategories.Consult)]
    [InlineData("社区的电话多少", IntakeCategories.Consult)]
    [InlineData("装修要办啥手续 押金多少", IntakeCategories.Property)]
    [InlineData("停车卡在哪办 一个月多少钱", IntakeCategories.Property)]
    [InlineData("人脸识别怎么录入 新搬来的", IntakeCategories.Property)]
    [InlineData("门禁卡丢了补一张要押金不", IntakeCategories.Property)]
    public void A_question_how_or_how_much_is_a_consultation_or_for_the_property_company_when_about_its_services(string text, string category)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(category, result.Category);
    }

    [Theory]
    [InlineData("家里暖气片一点都不热 摸着冰凉")]
    [InlineData("水龙头拧不紧 一直滴")]
    [InlineData("健身器材那个漫步机螺丝掉了 一踩就晃")]
    [InlineData("广场的健身器材松了")]
    [InlineData("东门的人脸识别坏了")]
    [InlineData("电梯按了没反应")]
    [InlineData("车库的卷帘门升不上去了")]
    [InlineData("自来水发黄 还有一股铁锈味")]
    public void A_fault_told_plainly_is_a_repair_report(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(IntakeCategories.Repair, Assert.Single(result.Problems).Category);
    }

    [Fact]
    public void A_dripping_tap_that_keeps_the_resident_awake_is_a_repair_not_a_quarrel()
    {
        Assert.Equal(IntakeCategories.Repair, Analyzer.Analyze("水龙头拧不紧 晚上滴答滴答吵得睡不着").Category);
        Assert.Equal(IntakeCategories.Dispute, Analyzer.Analyze("楼上小孩天天跑 吵得睡不着").Category);
    }

    [Fact]
    public void Sewage_spreading_outdoors_is_for_the_cleaners_and_a_blocked_pipe_indoors_for_the_repairers()
    {
        Assert.Equal(IntakeCategories.Environment, Analyzer.Analyze("小区路上下水井冒污水 漫了一地").Category);
        Assert.Equal(IntakeCategories.Repair, Analyzer.Analyze("厨房下水道堵了 水下不去").Category);
    }

    [Theory]
    [InlineData("有人加我微信 说兼职刷单 日结 这能信不")]
    [InlineData("网上说刷单一单返十块 靠不靠谱")]
    public void A_question_whether_an_offer_is_genuine_is_fraud_even_when_it_quotes_the_advert(string text)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal(IntakeCategories.Fraud, result.Category);
    }

    [Fact]
    public void Every_category_is_a_known_one_and_never_other_for_a_problem()
    {
        var result = Analyzer.Analyze("3号楼电梯坏了");

        Assert.All(result.Problems, p => Assert.Contains(p.Category, IntakeCategories.All));
    }
}
