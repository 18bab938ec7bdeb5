using NeighborBot.Care;

namespace NeighborBot.Tests.Care;

/// <summary>Visits as volunteers confirm them in chat.</summary>
public sealed class VisitWordsTests
{
    [Theory]
    [InlineData("已走访 3-2-501 1.5小时 老人身体不错", "3-2-501", 90, "老人身体不错")]
    [InlineData("已走访3-2-501", "3-2-501", null, null)]
    [InlineData("已走访 3-2-501 90分钟", "3-2-501", 90, null)]
    [InlineData("已走访 3-2-501 半小时 送了月饼", "3-2-501", 30, "送了月饼")]
    [InlineData("已走访 3-2-501 一个半小时", "3-2-501", 90, null)]
    [InlineData("已走访 3-2-501，两个小时，老人有点咳嗽", "3-2-501", 120, "老人有点咳嗽")]
    [InlineData("已走访 3-2-501 1小时20分钟", "3-2-501", 80, null)]
    [InlineData("已走访 3-2-501 2h", "3-2-501", 120, null)]
    [InlineData("已走访　３－２－５０１　１．５小时", "3-2-501", 90, null)]
    [InlineData("已走访 3-2-501室 陪老人聊了半个小时", "3-2-501", 30, "陪老人聊了")]
    [InlineData("已走访 3号楼2单元501 1小时", "3号楼2单元501", 60, null)]
    public void A_confirmation_gives_the_household_the_time_and_the_note(string text, string household, int? minutes, string? note)
    {
        var visit = VisitWords.Parse(text);

        Assert.NotNull(visit);
        Assert.Equal((household, minutes, note, false), (visit.Household, visit.Minutes, visit.Note, visit.BadDuration));
        Assert.Equal((3, 2, "501"), visit.Address);
    }

    [Theory]
    [InlineData("已走访 3-2-501 30小时")]
    [InlineData("已走访 3-2-501 0分钟")]
    public void A_time_no_visit_takes_is_flagged(string text)
    {
        var visit = VisitWords.Parse(text)!;

        Assert.True(visit.BadDuration);
        Assert.Null(visit.Minutes);
    }

    [Theory]
    [InlineData("走访一下3-2-501的老人")]
    [InlineData("已走访")]
    [InlineData("3号楼楼道灯坏了")]
    public void Other_words_are_not_a_confirmation(string text)
    {
        Assert.Null(VisitWords.Parse(text));
    }

    [Theory]
    [InlineData("我的走访", true)]
    [InlineData(" 走访名单 ", true)]
    [InlineData("我的工单", false)]
    public void My_visits_is_asked_in_a_few_words(string text, bool asked)
    {
        Assert.Equal(asked, VisitWords.IsMyVisits(text));
    }
}
