using System.Text;
using System.Text.RegularExpressions;
using NeighborBot.Conversations;
using NeighborBot.Directory;

namespace NeighborBot.Warnings;

/// <summary>
/// A volunteer's or worker's answer on a flood night: <c>已转移 3-2-501</c>, <c>已联系 3-2-501 不需要转移</c>,
/// <c>联系不上 3-2-501</c> (the household as its id or as 3号楼2单元501; what follows is kept as a note), and
/// <c>转移名单</c> for the households still to confirm.
/// </summary>
internal sealed partial class TransferCommands(WarningDesk desk, DirectoryCache directory) : IChatFeature
{
    public async Task<TurnResult?> TryRespondAsync(PersonKey who, Conversation conversation, Inbound message, CancellationToken cancellationToken)
    {
        var text = (message as TextIn)?.Text.Trim() ?? string.Empty;
        var list = text is "转移名单" or "转移任务" or "我的转移" or "转移清单";
        var command = list ? null : Parse(text);
        if (!list && command is null)
        {
            return null;
        }

        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.PersonByIdentity(who) is not { } person)
        {
            return null;
        }

        // A group reads the answer: it hears only that the answer was recorded, never a list of names and phones.
        var (reply, groupReply) = (list, command?.Household) switch
        {
            (true, _) => (await desk.MineAsync(person, cancellationToken).ConfigureAwait(false), WarningTexts.ListOneToOne),
            (_, null) => (WarningTexts.WhichHousehold, WarningTexts.WhichHousehold),
            (_, var (building, unit, room)) => await ConfirmAsync(person, snapshot.HouseholdAt(building, unit, room)?.Id ?? $"{building}-{unit}-{room}", command!),
        };
        return new TurnResult(new TextReply(reply), conversation.State ?? new ConversationState()) { GroupReply = groupReply };

        async Task<(string, string)> ConfirmAsync(Person person, string household, Command command)
        {
            var (result, reply) = await desk.ConfirmAsync(person, household, command.State, command.Note, cancellationToken).ConfigureAwait(false);
            return (reply, result == ConfirmResult.Recorded ? WarningTexts.RecordedInGroup : reply);
        }
    }

    internal sealed record Command(CheckState State, (int Building, int Unit, string Room)? Household, string? Note);

    internal static Command? Parse(string text)
    {
        var normal = text.Normalize(NormalizationForm.FormKC).Trim();
        var match = Confirmation().Match(normal);
        if (!match.Success)
        {
            return null;
        }

        var verb = match.Groups["verb"].Value;
        var note = match.Groups["note"].Value.Trim(' ', '，', ',', '。', '：', ':') is { Length: > 0 } rest ? rest : null;
        var state = verb switch
        {
            "联系不上" or "联系不到" or "无法联系" or "没联系上" => CheckState.Unreachable,
            "已联系" or "联系上了" => note is not null && note.Contains("需要转移", StringComparison.Ordinal) && !note.Contains("不需要", StringComparison.Ordinal)
                ? CheckState.Pending
                : CheckState.Safe,
            _ => CheckState.Moved,
        };
        (int, int, string)? household = match.Groups["b"].Success
            ? (int.Parse(match.Groups["b"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups["u"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["r"].Value)
            : null;
        return new Command(state, household, note);
    }

    [GeneratedRegex(@"^(?<verb>已转移|已撤离|已安置|转移了|已联系|联系上了|联系不上|联系不到|无法联系|没联系上)\s*(?:(?<b>\d{1,3})\s*(?:-|号楼|栋|幢|#)\s*(?<u>\d{1,2})\s*(?:-|单元)\s*(?<r>\d{3,4})\s*室?)?(?<note>.*)$", RegexOptions.Singleline)]
    private static partial Regex Confirmation();
}
