using NeighborBot.Directory;
using NeighborBot.Mediation;

namespace NeighborBot.Tests.Mediation;

public sealed class MediationWordsTests
{
    [Theory]
    [InlineData("Tue 09:00-11:30", DayOfWeek.Tuesday, "09:00", "11:30")]
    [InlineData("thu 14:30 - 17:00", DayOfWeek.Thursday, "14:30", "17:00")]
    [InlineData("周六 9:00-12:00", DayOfWeek.Saturday, "09:00", "12:00")]
    [InlineData("星期日 15:00~16:00", DayOfWeek.Sunday, "15:00", "16:00")]
    public void Weekly_hours_are_read_in_english_or_chinese(string text, DayOfWeek day, string from, string to)
    {
        var hours = WeeklyHours.Parse(text);
        Assert.Equal(new WeeklyHours(day, TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), hours);
    }

    [Theory]
    [InlineData("Tue 11:30-09:00")]
    [InlineData("Tuesday")]
    [InlineData("Xyz 09:00-10:00")]
    [InlineData("Tue 25:00-26:00")]
    [InlineData("")]
    public void Hours_that_cannot_be_a_weekly_span_are_refused(string text) => Assert.Null(WeeklyHours.Parse(text));

    [Theory]
    [InlineData("楼上天天半夜跺脚，吵得睡不着", "noise")]
    [InlineData("楼上漏水到我家天花板", "leak")]
    [InlineData("车位被人占了", "parking")]
    [InlineData("邻居的狗天天叫", "pets")]
    [InlineData("兄弟姐妹为遗产闹翻了", "family")]
    [InlineData("我爸留了套房子 我哥我姐为这个吵翻了", "family")]
    [InlineData("物业费收得不合理", "property-fees")]
    [InlineData("老板拖欠工资三个月", "labour")]
    [InlineData("我和我老公 为房本加名字的事吵了快两个月了 他妈也天天掺和", "family")]
    public void The_kind_of_dispute_is_guessed_from_the_words(string text, string specialty) => Assert.Equal(specialty, Specialties.Guess(text));

    [Fact]
    public void Words_that_name_no_kind_leave_it_to_a_question() => Assert.Null(Specialties.Guess("预约调解"));

    [Theory]
    [InlineData("调解成功 0042 双方同意晚上十点后不装修", true, "0042", "双方同意晚上十点后不装修")]
    [InlineData("调解未成功 0042，对方不来", false, "0042", "对方不来")]
    [InlineData("调解成功M0042", true, "M0042", "")]
    public void A_mediator_s_outcome_is_read(string text, bool success, string number, string note)
    {
        var outcome = MediationWords.Outcome(text);
        Assert.Equal(new OutcomeCommand(success, number, note), outcome);
    }

    [Theory]
    [InlineData("预约调解", true)]
    [InlineData("想找人调解一下", true)]
    [InlineData("能帮我们调解吗", true)]
    [InlineData("调解成功 0042 好了", false)]
    [InlineData("取消调解", false)]
    [InlineData("我的调解", false)]
    [InlineData("楼道灯坏了", false)]
    [InlineData("接单 0042 这周找个时间请你们兄妹到社区调解室坐坐", false)]
    [InlineData("收到 孙姐 周六上午约你们兄妹到调解室谈", false)]
    [InlineData("想问下社区能不能帮忙调解家里的事 我爸去年走了 留了套房子 我哥我姐为这个吵翻了 年都没法过", false)]
    public void A_request_to_mediate_is_told_from_the_other_words(string text, bool request) => Assert.Equal(request, MediationWords.IsRequest(text));

    [Fact]
    public void Cancel_and_move_take_a_number_or_none()
    {
        Assert.True(MediationWords.IsCancel("取消调解 0042", out var number));
        Assert.Equal("0042", number);
        Assert.True(MediationWords.IsCancel("取消调解", out number));
        Assert.Null(number);
        Assert.False(MediationWords.IsCancel("取消", out _));
        Assert.True(MediationWords.IsMove("改约 0042", out number));
        Assert.Equal("0042", number);
        Assert.Equal(2, MediationWords.Choice("第2个"));
        Assert.Equal(0, MediationWords.Choice("算了"));
        Assert.Null(MediationWords.Choice("好的"));
    }
}
