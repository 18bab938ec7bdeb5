namespace NeighborBot.Storage;

/// <summary>How a dedupe mark is written: <c>p</c> while handled, <c>d</c> + the answer once done.</summary>
internal static class DedupeMark
{
    public const string Pending = "p";

    public static string Done(string answer) => "d" + answer;

    public static DedupeClaim Read(string? value) => value switch
    {
        null => new DedupeClaim(ClaimStatus.Won),
        ['d', ..] => new DedupeClaim(ClaimStatus.Done, value[1..]),
        _ => new DedupeClaim(ClaimStatus.InProgress),
    };
}
