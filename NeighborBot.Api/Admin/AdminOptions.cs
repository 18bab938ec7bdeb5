using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Api.Admin;

/// <summary>The <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int DefaultMaxFailedKeys = 10;
    public static readonly TimeSpan DefaultFailedKeyWindow = TimeSpan.FromMinutes(5);

    /// <summary>The bearer key of <c>/api/admin</c> and the job dashboard.</summary>
    [Required(ErrorMessage = "Admin:ApiKey is missing.")]
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>
    /// How many wrong keys one client address may send in <see cref="FailedKeyWindow"/>; after that,
    /// every admin request from that address is answered 429 until the window has passed.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Admin:MaxFailedKeys must be between 1 and 10000.")]
    public int MaxFailedKeys { get; set; } = DefaultMaxFailedKeys;

    /// <summary>The window in which wrong keys are counted, and how long an address is then refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Admin:FailedKeyWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan FailedKeyWindow { get; set; } = DefaultFailedKeyWindow;
}
