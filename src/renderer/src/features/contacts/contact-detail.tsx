import { useQuery } from '@tanstack/react-query';
import { MailIcon, PhoneIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Address, Avatar, Fact, FactSection, HistoryFacts } from '../../components/record';
import { RecordDetailPage } from '../../components/record-detail-page';
import { api, call } from '../../lib/api';
import { initials } from '../../lib/format';
import { queryKeys } from '../../lib/query-keys';

export function ContactDetailPage({ id }: { id: string }) {
  const contact = useQuery({ queryKey: queryKeys.contacts.detail(id), queryFn: () => call(api.getContact({ id })) });
  const breadcrumb = { label: 'Contacts', href: '#/contacts' };

  return (
    <RecordDetailPage record={contact} noun="Contact" breadcrumb={breadcrumb}>
      {(c) => (
        <>
          <PageHeader
            title={c.Name}
            breadcrumb={breadcrumb}
            leading={<Avatar text={initials(c.Name)} />}
            subtitle={
              <>
                {c.Title && <span>{c.Title}</span>}
                {c.Title && c.AccountName && <span className="dot-sep">·</span>}
                {c.AccountId && c.AccountName && <a href={`#/accounts/${c.AccountId}`}>{c.AccountName}</a>}
              </>
            }
            actions={
              <>
                <a className="button" href={`#/contacts/${c.Id}/edit`}>
                  Edit
                </a>
                {c.Email && (
                  <a className="button" href={`mailto:${c.Email}`}>
                    <MailIcon size={16} /> Email
                  </a>
                )}
                {(c.Phone || c.MobilePhone) && (
                  <a className="button" href={`tel:${c.Phone ?? c.MobilePhone}`}>
                    <PhoneIcon size={16} /> Call
                  </a>
                )}
              </>
            }
          />
          <div className="detail-grid">
            <FactSection title="Contact information">
              <Fact label="Email">{c.Email && <a href={`mailto:${c.Email}`}>{c.Email}</a>}</Fact>
              <Fact label="Phone">{c.Phone && <a href={`tel:${c.Phone}`}>{c.Phone}</a>}</Fact>
              <Fact label="Mobile">{c.MobilePhone && <a href={`tel:${c.MobilePhone}`}>{c.MobilePhone}</a>}</Fact>
              <Fact label="Title">{c.Title}</Fact>
              <Fact label="Department">{c.Department}</Fact>
              <Fact label="Account">{c.AccountId && c.AccountName && <a href={`#/accounts/${c.AccountId}`}>{c.AccountName}</a>}</Fact>
              <Fact label="Lead source">{c.LeadSource}</Fact>
              <Fact label="Owner">{c.OwnerName}</Fact>
            </FactSection>
            <FactSection title="Mailing address">
              <Fact label="Address" wide>
                <Address street={c.MailingStreet} city={c.MailingCity} state={c.MailingState} postalCode={c.MailingPostalCode} country={c.MailingCountry} />
              </Fact>
            </FactSection>
            <FactSection title="Description">
              <Fact label="Notes" wide>
                {c.Description && <p className="pre-wrap">{c.Description}</p>}
              </Fact>
            </FactSection>
            <FactSection title="History">
              <HistoryFacts record={c} />
            </FactSection>
          </div>
        </>
      )}
    </RecordDetailPage>
  );
}
