using NeighborBot.Conversations;

namespace NeighborBot.Storage;

/// <summary>
/// How a dedupe mark is written: <c>p</c> + the owner's id while a turn handles the delivery (for a
/// short lease, so that a turn that died is taken over by WeChat's retry), <c>d</c> + the answer once done.
/// </summary>
internal static class DedupeMark
{
    public static string Pending(string owner) => "p" + owner;

    public static string Done(string answer) => "d" + answer;

    public static DedupeClaim Read(string? value) => value switch
    {
        null => new DedupeClaim(ClaimStatus.Won),
        ['d', ..] => new DedupeClaim(ClaimStatus.Done, value[1..]),
        _ => new DedupeClaim(ClaimStatus.InProgress),
    };
}
