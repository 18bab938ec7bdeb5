using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Directory;

/// <summary>The <c>Directory</c> section: how admin imports are guarded and how much history is kept.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    public const double DefaultMaxRemovalShare = 0.2;
    public const int DefaultKeepRevisions = 20;

    /// <summary>
    /// An import that would remove more than this share of the current households or of the current
    /// people is refused unless the admin confirms it (<c>?confirm=true</c>). 0.2 is 20%; 1 never asks.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Directory:MaxRemovalShare must be between 0 and 1 (0.2 is 20%; 1 never asks for confirmation).")]
    public double MaxRemovalShare { get; set; } = DefaultMaxRemovalShare;

    /// <summary>How many revisions of the directory are kept, the current one included, to be listed and restored.</summary>
    [Range(2, 1000, ErrorMessage = "Directory:KeepRevisions must be between 2 and 1000.")]
    public int KeepRevisions { get; set; } = DefaultKeepRevisions;
}
