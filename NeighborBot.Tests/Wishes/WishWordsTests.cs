using NeighborBot.Wishes;

namespace NeighborBot.Tests.Wishes;

public sealed class WishWordsTests
{
    [Theory]
    [InlineData("审核通过 0042", "0042", null)]
    [InlineData("审核通过0042 独居老人想要一台收音机", "0042", "独居老人想要一台收音机")]
    [InlineData("审核通过 20270912-0042：每周帮忙买一次米", "20270912-0042", "每周帮忙买一次米")]
    public void An_approval_names_the_ticket_and_may_give_the_board_s_words(string text, string number, string? summary) =>
        Assert.Equal(new ApproveWish(number, summary), WishWords.Parse(text));

    [Theory]
    [InlineData("认领 0042", "0042")]
    [InlineData("认领心愿0042", "0042")]
    [InlineData("＃认领　００４２", "0042")]
    public void A_claim_names_the_wish(string text, string number) => Assert.Equal(new ClaimWish(number), WishWords.Parse(text));

    [Theory]
    [InlineData("已完成 0042 轮椅坡道已装好", 0, "轮椅坡道已装好")]
    [InlineData("已完成 0042 2小时 轮椅坡道已装好", 120, "轮椅坡道已装好")]
    [InlineData("已完成0042 一个半小时，收音机修好了", 90, "收音机修好了")]
    public void Done_takes_the_time_as_a_visit_does_and_the_rest_as_the_note(string text, int minutes, string note)
    {
        var done = Assert.IsType<FulfilWish>(WishWords.Parse(text));
        Assert.Equal(("0042", minutes == 0 ? null : minutes, false, note), (done.Number, done.Minutes, done.BadDuration, done.Note));
    }

    [Fact]
    public void Done_with_an_impossible_time_is_marked_so() =>
        Assert.True(Assert.IsType<FulfilWish>(WishWords.Parse("已完成 0042 30小时 装好了")).BadDuration);

    [Theory]
    [InlineData("心愿列表")]
    [InlineData("我的心愿")]
    public void The_lists_are_asked_for_by_name(string text) => Assert.NotNull(WishWords.Parse(text));

    [Theory]
    [InlineData("认领 0042 我明天去")]
    [InlineData("我想认领一个心愿")]
    [InlineData("已完成")]
    [InlineData("审核通过")]
    [InlineData("楼道灯坏了")]
    public void Other_words_are_not_the_board_s(string text) => Assert.Null(WishWords.Parse(text));

    [Fact]
    public void The_board_s_words_leave_out_phone_numbers_units_and_rooms_but_keep_the_building() =>
        Assert.Equal("我住3号楼想装个坡道，电话", WishWords.Summarize("我住3号楼2单元501室想装个坡道，电话13900000001"));
}
