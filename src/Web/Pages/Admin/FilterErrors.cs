using FluentValidation.Results;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace CasPortal.Web.Pages.Admin;

/// <summary>
/// A filter form's errors, keyed by the form's field names (the ids of its inputs): the validator's failures mapped
/// by property name, shown beside each field (Bootstrap's is-invalid, described by the message) and in a summary.
/// </summary>
public sealed class FilterErrors(ModelStateDictionary modelState)
{
    public bool Any => !modelState.IsValid;

    /// <summary>Every error with the field it belongs to, for the summary at the top.</summary>
    public IEnumerable<(string Field, string Message)> All =>
        modelState.SelectMany(entry => entry.Value!.Errors.Select(e => (entry.Key, e.ErrorMessage))).Distinct();

    public string? Message(string field) =>
        modelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The class a field's input adds when it holds an error.</summary>
    public string? Invalid(string field) => Message(field) is null ? null : "is-invalid";

    /// <summary>The id of the message an input is described by, for aria-describedby.</summary>
    public string? DescribedBy(string field) => Message(field) is null ? null : $"{field}-error";

    public IHtmlContent Feedback(string field)
    {
        if (Message(field) is not { } message)
        {
            return HtmlString.Empty;
        }

        var feedback = new TagBuilder("div");
        feedback.Attributes["id"] = $"{field}-error";
        feedback.AddCssClass("invalid-feedback d-block");
        feedback.InnerHtml.Append(message);
        return feedback;
    }

    /// <summary>Adds a validator's failures, each under the form field its property was read from.</summary>
    public static void Add(ModelStateDictionary modelState, ValidationResult result, IReadOnlyDictionary<string, string> fieldOf)
    {
        foreach (var failure in result.Errors)
        {
            var field = fieldOf.GetValueOrDefault(failure.PropertyName, failure.PropertyName);
            if (modelState.TryGetValue(field, out var entry) && entry.Errors.Any(e => e.ErrorMessage == failure.ErrorMessage))
            {
                continue;
            }

            modelState.AddModelError(field, failure.ErrorMessage);
        }
    }
}
