using NeighborBot.Conversations;

namespace NeighborBot.Tests.Conversations;

public sealed class CommandParsingTests
{
    [Theory]
    [InlineData("接单 0042", "接单", "0042", "")]
    [InlineData("接单0042", "接单", "0042", "")]
    [InlineData("办结 ００４２，已更换灯泡", "办结", "0042", "已更换灯泡")]
    [InlineData("办结 20260712-0042 已更换灯泡 明天再看看", "办结", "20260712-0042", "已更换灯泡 明天再看看")]
    [InlineData("转派 0042 物业 属于公共设施", "转派", "0042", "物业 属于公共设施")]
    [InlineData("退回 0042：不归我们管", "退回", "0042", "不归我们管")]
    [InlineData("王磊今天休假 转派 0042 陈静", "转派", "0042", "陈静 王磊今天休假")]
    [InlineData("人找到了 办结 0042 已送回家", "办结", "0042", "已送回家 人找到了")]
    public void Worker_commands_are_read_with_the_ticket_number_and_the_rest(string text, string verb, string number, string rest)
    {
        var command = StaffResponder.Parse(text);

        Assert.Equal(new StaffResponder.Command(verb, number, rest), command);
    }

    [Theory]
    [InlineData("我的工单")]
    [InlineData("超时工单")]
    public void Queue_commands_have_no_number(string text)
    {
        Assert.Equal(new StaffResponder.Command(text, null, string.Empty), StaffResponder.Parse(text));
    }

    [Theory]
    [InlineData("接单", "接单", "")]
    [InlineData("办结 已更换灯泡", "办结", "已更换灯泡")]
    [InlineData("#接单", "接单", "")]
    public void Without_a_number_a_command_means_the_one_ticket_in_hand(string text, string verb, string rest)
    {
        Assert.Equal(new StaffResponder.Command(verb, null, rest), StaffResponder.Parse(text));
    }

    [Theory]
    [InlineData("帮助")]
    [InlineData("网格工单")]
    public void Help_and_the_grid_list_have_no_number(string text)
    {
        Assert.Equal(new StaffResponder.Command(text, null, string.Empty), StaffResponder.Parse(text));
    }

    [Theory]
    [InlineData("楼道灯坏了")]
    [InlineData("办结 42")]
    [InlineData("接单了吗")]
    public void Other_text_is_not_a_worker_command(string text)
    {
        Assert.Null(StaffResponder.Parse(text));
    }

    [Theory]
    [InlineData("满意", 5, null)]
    [InlineData("满意！", 5, null)]
    [InlineData("基本满意", 4, null)]
    [InlineData("不满意", 2, null)]
    [InlineData("4分", 4, null)]
    [InlineData("5", 5, null)]
    [InlineData("0042 不满意", 2, "0042")]
    [InlineData("满意 0042", 5, "0042")]
    public void Rating_words_and_scores_are_understood(string text, int score, string? number)
    {
        Assert.Equal(new ResidentCommands.Rate(score, number), ResidentCommands.Parse(text));
    }

    [Theory]
    [InlineData("进度", typeof(ResidentCommands.Progress))]
    [InlineData("我的工单", typeof(ResidentCommands.Progress))]
    [InlineData("取消 0042", typeof(ResidentCommands.Cancel))]
    [InlineData("取消０042。", typeof(ResidentCommands.Cancel))]
    [InlineData("绑定 3-2-501", typeof(ResidentCommands.Bind))]
    public void Resident_commands_are_recognised(string text, Type kind)
    {
        Assert.IsType(kind, ResidentCommands.Parse(text));
    }
}
