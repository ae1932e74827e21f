using FlexAspire.Api.Runs.Policies;

namespace FlexAspire.Tests.Runs;

/// The goal condition language (docs/runs.md, "Goal conditions"): NCalc over `value`, `length` and `exists` of the
/// value a JSON Pointer selects in one facet, plus contains/startsWith/endsWith/matches.
public sealed class GoalConditionEvaluatorTests
{
    private static readonly JsonObject Facets = JsonNode.Parse("""
        {
          "post": { "copy": { "headline": "Cut waste by 30%", "callToAction": "", "hashtags": ["#a", "#b"], "score": 7.5, "ready": true } },
          "company_information": { "name": "GreenBox" }
        }
        """)!.AsObject();

    [Theory]
    [InlineData("/copy/headline", "length > 0", true)]
    [InlineData("/copy/callToAction", "length > 0", false)]
    [InlineData("/copy/hashtags", "length <= 3", true)]
    [InlineData("/copy/hashtags", "length = 3", false)]
    [InlineData("/copy", "length = 5", true)]
    [InlineData("/copy/score", "value >= 7 and value < 8", true)]
    [InlineData("/copy/ready", "value = true", true)]
    [InlineData("/copy/headline", "value == 'cut waste by 30%'", true)]
    [InlineData("/copy/headline", "contains(value, 'WASTE') && startsWith(value, 'Cut') && endsWith(value, '%')", true)]
    [InlineData("/copy/headline", "matches(value, '^[A-Z].*\\d+%$')", true)]
    [InlineData("/copy/headline", "not contains(value, 'waste')", false)]
    [InlineData("/copy/missing", "exists", false)]
    [InlineData("/copy/missing", "not exists or length > 3", true)]
    [InlineData("/copy/headline", "exists", true)]
    public void A_condition_is_evaluated_against_the_value_its_pointer_selects(string path, string dsl, bool satisfied)
    {
        var result = GoalConditionEvaluator.Evaluate(Condition("post", path, dsl), Facets);

        result.Satisfied.ShouldBe(satisfied, result.Reason);
        (result.Reason is null).ShouldBe(satisfied);
    }

    [Fact]
    public void A_failed_condition_says_which_value_made_it_false()
    {
        var result = GoalConditionEvaluator.Evaluate(Condition("post", "/copy/callToAction", "length > 0"), Facets);

        result.Value!.GetValue<string>().ShouldBe("");
        result.Reason.ShouldBe("'length > 0' is false for post/copy/callToAction = \"\".");
    }

    [Fact]
    public void A_facet_the_run_never_produced_fails_with_a_reason_that_says_it_is_missing()
    {
        var result = GoalConditionEvaluator.Evaluate(Condition("positioning", "/statement", "length > 0"), Facets);

        result.Satisfied.ShouldBeFalse();
        result.Value.ShouldBeNull();
        result.Reason.ShouldBe("positioning/statement is missing; 'length > 0' is false.");
    }

    [Fact]
    public void A_condition_that_is_not_true_or_false_does_not_hold()
    {
        var result = GoalConditionEvaluator.Evaluate(Condition("post", "/copy/score", "value + 1"), Facets);

        result.Satisfied.ShouldBeFalse();
        result.Reason!.ShouldContain("not true or false");
    }

    [Theory]
    [InlineData("length > 0")]
    [InlineData("exists and matches(value, '^a')")]
    [InlineData("Max(length, 2) = 2 or if(exists, true, false)")]
    public void Valid_conditions_pass_the_intake_check(string dsl) => GoalConditionEvaluator.Check(dsl).ShouldBeNull();

    [Theory]
    [InlineData("length >", "is not a valid expression")]
    [InlineData("size > 0", "Unknown name(s) 'size'")]
    [InlineData("shout(value)", "Unknown function(s) 'shout'")]
    [InlineData("((length > 0)", "is not a valid expression")]
    public void Invalid_conditions_are_refused_with_the_reason(string dsl, string reason) =>
        GoalConditionEvaluator.Check(dsl)!.ShouldContain(reason);

    private static GoalCondition Condition(string facet, string path, string dsl) =>
        new() { Facet = facet, Path = path, Condition = new GoalConditionExpression { Dsl = dsl } };
}
