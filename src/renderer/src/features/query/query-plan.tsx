/**
 * The org's query plan (REST `explain`, one API call), on demand: each plan Salesforce considered,
 * cheapest first, with its leading operation, cost, cardinality and notes (why an index was not used).
 */
import type { QueryPlans } from '../../../../shared/ipc';
import { ErrorState } from '../../components/feedback';
import { CloseIcon } from '../../components/icons';

interface QueryPlanPanelProps {
  plans: QueryPlans | null;
  error: unknown;
  onClose(): void;
}

// Costs and cardinalities are fractions too (formatCount rounds): the same locale, three decimals.
const number = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 3 });

export function QueryPlanPanel({ plans, error, onClose }: QueryPlanPanelProps) {
  return (
    <section className="card query-plan" aria-labelledby="query-plan-title" data-testid="query-plan">
      <div className="query-plan-head">
        <h2 id="query-plan-title" className="section-title">
          Query plan
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the query plan">
          <CloseIcon size={16} />
        </button>
      </div>
      {error ? <ErrorState error={error} compact /> : null}
      {plans && plans.plans.length === 0 && <p className="query-muted">Salesforce gave no plan for this query.</p>}
      {plans && plans.plans.length > 0 && (
        <>
          <p className="query-muted">A relative cost below 1 means Salesforce can use an index or a selective filter; the first plan is the one it will use.</p>
          <div className="table-wrap">
            <table className="data-table query-plan-table" aria-label="Query plans, cheapest first">
              <thead>
                <tr>
                  <th scope="col">Leading operation</th>
                  <th scope="col">Relative cost</th>
                  <th scope="col">Rows expected</th>
                  <th scope="col">Rows of the object</th>
                  <th scope="col">Fields</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {plans.plans.map((plan, index) => (
                  <tr key={index}>
                    <td>
                      {plan.leadingOperationType} <span className="query-muted">({plan.sobjectType})</span>
                    </td>
                    <td>{number(plan.relativeCost)}</td>
                    <td>{number(plan.cardinality)}</td>
                    <td>{number(plan.sobjectCardinality)}</td>
                    <td>{plan.fields.join(', ') || '—'}</td>
                    <td>{plan.notes.map((note) => `${note.description}${note.fields.length ? ` (${note.fields.join(', ')})` : ''}`).join('; ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
