using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>One message may hold several problems; one rambling message about one problem stays one.</summary>
public sealed class MultiProblemTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("楼道灯坏了，还有垃圾一直没人收", IntakeCategories.Repair, IntakeCategories.Environment)]
    [InlineData("楼道灯坏了还有垃圾一直没人收", IntakeCategories.Repair, IntakeCategories.Environment)]
    [InlineData("电梯老是坏 另外楼上装修太吵了", IntakeCategories.Repair, IntakeCategories.Dispute)]
    [InlineData("1. 路灯坏了 2. 垃圾没人清", IntakeCategories.Repair, IntakeCategories.Environment)]
    [InlineData("7号楼的水管漏了 楼下的垃圾也好几天没人收", IntakeCategories.Repair, IntakeCategories.Environment)]
    [InlineData("8号楼门口电动车乱停 东一辆西一辆 也没人管 还有垃圾站那边老鼠满地跑", IntakeCategories.Environment, IntakeCategories.Environment)]
    [InlineData("楼道灯坏了 还有电梯也老是坏", IntakeCategories.Repair, IntakeCategories.Repair)]
    [InlineData("说两件事 一个是厨房下水道堵了 一个是楼道里全是狗屎", IntakeCategories.Repair, IntakeCategories.Environment)]
    [InlineData("单元门禁坏了 另一个是楼下装修太吵", IntakeCategories.Repair, IntakeCategories.Dispute)]
    [InlineData("有俩事 一个是厨房灯泡不亮了 还一个 楼上天天半夜剁肉", IntakeCategories.Repair, IntakeCategories.Dispute)]
    public void Two_problems_in_one_message_are_two_problems(string text, string first, string second)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.Equal([first, second], result.Problems.Select(p => p.Category));
    }

    [Theory]
    [InlineData("孩子们玩的那片地上全是烟头饮料瓶 还有西瓜皮 招得蚊子苍蝇乱飞")]
    [InlineData("快递柜旁边堆满了拆下来的纸箱子泡沫 还有烂水果 这几天一热都发酸了 招蚊子")]
    [InlineData("我们单元楼道里有只死老鼠 好几天了 臭得不行 还有好多蟑螂")]
    public void One_more_thing_added_to_a_list_is_the_same_problem(string text)
    {
        foreach (var analyzer in new[] { Analyzer, new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value) })
        {
            Assert.Equal(IntakeCategories.Environment, Assert.Single(analyzer.Analyze(text).Problems).Category);
        }
    }

    [Theory]
    [InlineData("8号楼1单元好几家把电动车推楼道里充电 插线板从窗户扯出来 说了也不听", IntakeCategories.Hazard)]
    [InlineData("楼上天天半夜拖椅子 上去说了也没用", IntakeCategories.Dispute)]
    public void Saying_that_telling_them_was_no_use_is_no_second_problem(string text, string category)
    {
        foreach (var analyzer in new[] { Analyzer, new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value) })
        {
            Assert.Equal(category, Assert.Single(analyzer.Analyze(text).Problems).Category);
        }
    }

    [Theory]
    [InlineData("楼道灯坏了 还有个事 电梯按钮也不灵了")]
    [InlineData("5号楼楼道灯坏了 还有门禁")]
    [InlineData("问下灵活就业的社保在哪交？顺便说下 我们6号楼2单元楼道灯不亮了")]
    public void A_connector_that_announces_another_matter_still_starts_one(string text) =>
        Assert.Equal(2, new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value).Analyze(text).Problems.Count);

    [Fact]
    public void Somebody_else_doing_something_after_still_is_a_second_problem_and_somebody_still_inside_is_not()
    {
        var text = "6号楼1单元门口堆了一堆旧家具 把安全出口挡死了 还有人把电动车推进楼道里扯线充电";
        foreach (var analyzer in new[] { Analyzer, new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value) })
        {
            var result = analyzer.Analyze(text);
            Assert.Equal(2, result.Problems.Count);
            Assert.Equal(IntakeCategories.Hazard, result.Problems[1].Category);
            Assert.Contains("电动车", result.Problems[1].Text, StringComparison.Ordinal);
            Assert.DoesNotContain("电动车", result.Problems[0].Text, StringComparison.Ordinal);
        }

        var trapped = Analyzer.Analyze("5号楼2单元电梯停在半中间不动了 还有人在里面出不来");
        Assert.True(Assert.Single(trapped.Problems).Urgent);
    }

    [Fact]
    public void Each_problem_keeps_its_own_location()
    {
        var result = Analyzer.Analyze("3号楼电梯坏了，另外5号楼门口垃圾没人收");

        Assert.Equal(new IntakeLocation(3, null, null, null), result.Problems[0].Location);
        Assert.Equal(new IntakeLocation(5, null, null, null), result.Problems[1].Location);
        Assert.Equal(new IntakeLocation(3, null, null, null), result.Location);
    }

    [Fact]
    public void A_spot_named_after_a_connector_starts_the_next_problem_even_of_the_same_kind()
    {
        var result = Analyzer.Analyze("垃圾站那边 有人乱倒装修垃圾 堆一地 还有中心花园 狗屎到处都是");

        Assert.Equal(2, result.Problems.Count);
        Assert.Equal("垃圾站", result.Problems[0].Location?.Place);
        Assert.StartsWith("还有中心花园", result.Problems[1].Text, StringComparison.Ordinal);
        Assert.Single(Analyzer.Analyze("楼道灯坏了 还有3号楼").Problems);
    }

    [Fact]
    public void A_dead_tree_named_after_another_hazard_is_the_second_problem_with_its_own_spot()
    {
        var result = Analyzer.Analyze("东门外头井盖让人掀了没盖 还有中心花园那棵枯树 大树杈吊着");

        Assert.Equal(2, result.Problems.Count);
        Assert.DoesNotContain("枯树", result.Problems[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("还有中心花园那棵枯树", result.Problems[1].Text, StringComparison.Ordinal);
        Assert.Equal("东门", result.Problems[0].Location?.Place);
    }

    [Fact]
    public void A_problem_without_its_own_location_gets_the_messages()
    {
        var result = Analyzer.Analyze("9号楼楼道灯坏了 还有楼下垃圾桶满了");

        Assert.All(result.Problems, p => Assert.Equal(new IntakeLocation(9, null, null, null), p.Location));
    }

    [Fact]
    public void Only_the_urgent_problem_is_urgent()
    {
        var result = Analyzer.Analyze("楼道灯坏了，还有楼下垃圾站着火了");

        Assert.False(result.Problems[0].Urgent);
        Assert.True(result.Problems[1].Urgent);
        Assert.True(result.Urgent);
    }

    [Theory]
    [InlineData("楼梯间堆了好多杂物 还有煤气罐")]
    [InlineData("电梯卡住了 还有人在里面")]
    [InlineData("楼上那家天天半夜跺脚 我也找过物业 物业说管不了")]
    [InlineData("说个事 垃圾站天一热就臭得不行 晚上还有野猫野狗去翻 第二天一地的")]
    [InlineData("插座冒火星子 还有焦糊味")]
    [InlineData("燃气灶那有股味 还呲呲响")]
    [InlineData("自来水发黄 还有一股铁锈味")]
    [InlineData("我家突然停电了 楼道里有电 邻居家也有 就我家黑了")]
    [InlineData("卫生间顶上渗水 楼下也一样")]
    [InlineData("卫生间顶上往下渗水 楼上那家俺也不认识 俺一个人搁家也不会弄 恁给俺找个人来瞅瞅")]
    public void One_problem_told_at_length_stays_one_problem(string text)
    {
        Assert.Single(Analyzer.Analyze(text).Problems);
    }
}
