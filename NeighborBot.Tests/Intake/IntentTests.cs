using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>Not every message is a new ticket: thanks, progress questions, cancellations, corrections, greetings.</summary>
public sealed class IntentTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("谢谢", IntakeIntent.Thanks)]
    [InlineData("辛苦了", IntakeIntent.Thanks)]
    [InlineData("好的谢谢", IntakeIntent.Thanks)]
    [InlineData("灯修好了 谢谢师傅", IntakeIntent.Thanks)]
    [InlineData("修好了吗", IntakeIntent.ProgressQuery)]
    [InlineData("怎么还没人来", IntakeIntent.ProgressQuery)]
    [InlineData("进度怎么样", IntakeIntent.ProgressQuery)]
    [InlineData("我报的灯啥时候修", IntakeIntent.ProgressQuery)]
    [InlineData("电梯修好了吗", IntakeIntent.ProgressQuery)]
    [InlineData("算了", IntakeIntent.Cancel)]
    [InlineData("取消", IntakeIntent.Cancel)]
    [InlineData("不用了", IntakeIntent.Cancel)]
    [InlineData("不用来了 我自己修好了", IntakeIntent.Cancel)]
    [InlineData("你好", IntakeIntent.Greeting)]
    [InlineData("在吗", IntakeIntent.Greeting)]
    [InlineData("hello", IntakeIntent.Greeting)]
    [InlineData("？？？", IntakeIntent.Unclear)]
    [InlineData("你们是机器人吗", IntakeIntent.Unclear)]
    [InlineData("😊", IntakeIntent.Unclear)]
    [InlineData("", IntakeIntent.Unclear)]
    [InlineData("高价回收旧手机 加微信", IntakeIntent.Unclear)]
    public void Messages_that_are_not_new_problems_are_not_tickets(string text, IntakeIntent intent)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(intent, result.Intent);
        Assert.False(result.IsTicket);
        Assert.Equal(IntakeCategories.Other, result.Category);
    }

    [Fact]
    public void A_report_that_ends_with_thanks_is_still_a_report()
    {
        var result = Analyzer.Analyze("3号楼电梯坏了 麻烦尽快修一下 谢谢");

        Assert.Equal(IntakeIntent.Report, result.Intent);
        Assert.True(result.IsTicket);
    }

    [Fact]
    public void Thanks_for_a_fix_is_thanks_but_thanks_with_a_fault_is_a_report()
    {
        Assert.Equal(IntakeIntent.Thanks, Analyzer.Analyze("好的 辛苦了 电梯已经能用了").Intent);
        Assert.Equal(IntakeIntent.Report, Analyzer.Analyze("楼道灯又不亮了 谢谢").Intent);
        Assert.Equal(IntakeIntent.Report, Analyzer.Analyze("路灯修好了没两天又坏了").Intent);
    }

    [Fact]
    public void A_first_report_that_asks_when_someone_comes_is_a_report()
    {
        Assert.Equal(IntakeIntent.Report, Analyzer.Analyze("楼道灯坏了三天了 什么时候能来修").Intent);
    }

    [Fact]
    public void A_progress_question_about_an_earlier_report_keeps_its_location()
    {
        var result = Analyzer.Analyze("3号楼的路灯报了好几天了 咋还没修");

        Assert.Equal(IntakeIntent.ProgressQuery, result.Intent);
        Assert.Equal(new IntakeLocation(3, null, null, null), result.Location);
    }

    [Fact]
    public void A_correction_carries_the_location_it_fixes()
    {
        var result = Analyzer.Analyze("不对，是4号楼2单元");

        Assert.Equal(IntakeIntent.Correction, result.Intent);
        Assert.False(result.IsTicket);
        Assert.Equal(new IntakeLocation(4, 2, null, null), result.Location);
    }

    [Theory]
    [InlineData("更正一下 是1102 不是1202 刚看了门牌", null, "1102")]
    [InlineData("定位飘了 其实是在垃圾站边上 不是东门", "垃圾站", null)]
    [InlineData("哎呀不对 我看岔了 是幼儿园门口 不是篮球场", "幼儿园", null)]
    public void A_room_or_a_spot_put_right_is_a_correction(string text, string? place, string? room)
    {
        var result = Analyzer.Analyze(text);

        Assert.Equal(IntakeIntent.Correction, result.Intent);
        Assert.Equal(place, result.Location?.Place);
        Assert.Equal(room, result.Location?.Room);
    }

    [Fact]
    public void A_correction_of_the_category_carries_the_affirmed_category()
    {
        var result = Analyzer.Analyze("不对，不是漏水，是堵了");

        Assert.Equal(IntakeIntent.Correction, result.Intent);
        Assert.Equal(IntakeCategories.Repair, result.CorrectedCategory);
    }

    [Fact]
    public void A_long_report_that_starts_with_bu_shi_is_a_report()
    {
        var result = Analyzer.Analyze("不是我说 你们物业也太不像话了 楼道灯坏了一个月了都没人修 物业费一分不少收");

        Assert.Equal(IntakeIntent.Report, result.Intent);
    }
}
