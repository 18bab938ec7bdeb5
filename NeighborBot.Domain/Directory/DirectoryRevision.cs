namespace NeighborBot.Directory;

/// <summary>
/// One stored revision of the directory: when, what changed it ("json import", "csv import",
/// "household 3-2-501 changed", "revision 4 restored", ...) and how large it was.
/// </summary>
public sealed record DirectoryRevision(long Revision, DateTimeOffset? At, string Change, int Communities, int Grids, int Households, int People)
{
    /// <summary>The change of a revision that was stored before revisions were kept; its time is unknown.</summary>
    public const string Earlier = "stored before revisions were kept";

    public static DirectoryRevision Of(long revision, DirectoryDocument document, string change, DateTimeOffset? at) =>
        new(revision, at, change, document.Communities.Count, document.Grids.Count, document.Households.Count, document.People.Count);
}
