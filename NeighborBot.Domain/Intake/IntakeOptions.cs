using Microsoft.Extensions.Options;

namespace NeighborBot.Intake;

/// <summary>
/// The <c>Intake</c> section: what admins add to the built-in rules without a rebuild
/// (<see cref="IntakeRules.Default"/>.<see cref="IntakeRules.Merge"/> gives the effective rules).
/// Phrases are matched after the same normalisation as messages (full-width to half-width,
/// lower case, dialect and voice-input corrections), so write them as residents type them.
/// </summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Weight of an added keyword without an explicit <c>|weight</c> suffix.</summary>
    public const int DefaultKeywordWeight = 2;

    /// <summary>The highest weight a keyword may have.</summary>
    public const int MaxKeywordWeight = 9;

    /// <summary>The key in <see cref="Keywords"/> for phrases that must match nothing (e.g. "燃气公司" so that it does not count as gas).</summary>
    public const string IgnoreKey = "ignore";

    /// <summary>
    /// Category (repair, hazard, dispute, consult, property, environment, fraud, wish, or <see cref="IgnoreKey"/>)
    /// to phrases. A phrase may end with <c>|weight</c> (1–9); a message needs a score of 2 in a category to be a ticket.
    /// </summary>
    public Dictionary<string, List<string>> Keywords { get; set; } = [];

    /// <summary>Hazard (gas, fire, electric, elevator, flood, fall, falling-object, violence, fraud, or a new one) to phrases that make a message urgent.</summary>
    public Dictionary<string, List<string>> UrgentPhrases { get; set; } = [];

    /// <summary>For a new hazard: the category its urgent messages get (default hazard).</summary>
    public Dictionary<string, string> HazardCategories { get; set; } = [];

    /// <summary>Public place name (as it should appear on the ticket) to other ways residents write it.</summary>
    public Dictionary<string, List<string>> Places { get; set; } = [];

    /// <summary>Voice-input or typing errors: what was heard or typed to what was meant, e.g. "炉灯": "路灯".</summary>
    public Dictionary<string, string> Corrections { get; set; } = [];

    /// <summary>Intent (Thanks, ProgressQuery, Cancel, Greeting, or Unclear for advertisements) to phrases that mark it.</summary>
    public Dictionary<string, List<string>> NonTicketPhrases { get; set; } = [];

    /// <summary>
    /// A model file made by tools/NeighborBot.IntakeTrainer to use instead of the built-in one; it is watched and read
    /// again when replaced. Empty: the model built into the service.
    /// </summary>
    public string? ModelPath { get; set; }
}

/// <summary>Stops start-up when the <c>Intake</c> section holds something the rules cannot use, naming every problem.</summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var problems = IntakeRules.Check(options);
        if (!string.IsNullOrWhiteSpace(options.ModelPath))
        {
            try
            {
                _ = IntakeModelFile.ReadFile(options.ModelPath);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems.Add($"Intake:ModelPath \"{options.ModelPath}\" cannot be read as an intake model: {e.Message}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
