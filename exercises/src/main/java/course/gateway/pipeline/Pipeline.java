package course.gateway.pipeline;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Named steps run in order; the pipeline is itself a Javalin handler. It notes in the request's facts each step
 * the request reaches, so the last one noted is the step that answered or refused it (the dashboard shows it).
 */
public final class Pipeline implements Handler {
    private final List<String> names;
    private final List<Step> steps;

    private Pipeline(List<String> names, List<Step> steps) {
        this.names = List.copyOf(names);
        this.steps = List.copyOf(steps);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The step names, in the order a request meets them. */
    public List<String> stepNames() {
        return names;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        run(ctx, RequestFacts.find(ctx).orElse(null), 0);
    }

    private void run(Context ctx, RequestFacts known, int index) throws Exception {
        if (index < steps.size()) {
            // The first step of the upgrade pipeline creates the facts, so they may not exist until it has run.
            RequestFacts facts = known != null ? known : RequestFacts.find(ctx).orElse(null);
            if (facts != null) {
                facts.reached(names.get(index));
            }
            steps.get(index).handle(ctx, () -> run(ctx, facts, index + 1));
        }
    }

    /** Collects the steps; {@link #thenIf} leaves out a step that config.json switched off. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();

        public Builder then(String name, Step step) {
            names.add(name);
            steps.add(step);
            return this;
        }

        public Builder thenIf(boolean enabled, String name, Step step) {
            return enabled ? then(name, step) : this;
        }

        public Pipeline build() {
            return new Pipeline(names, steps);
        }
    }
}
