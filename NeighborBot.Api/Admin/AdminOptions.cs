using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Api.Admin;

/// <summary>The <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The bearer key of <c>/api/admin</c> and the job dashboard.</summary>
    [Required(ErrorMessage = "Admin:ApiKey is missing.")]
    [MinLength(16, ErrorMessage = "Admin:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = string.Empty;
}
