/**
 * The SOAP API's convertLead() at /services/Soap/u/NN.0 (partner) and /services/Soap/c/NN.0
 * (enterprise): the one call of the SOAP API the emulator serves besides the login() refusal
 * (./soap-login.ts), because lead conversion has no REST resource. jsforce's
 * `conn.soap.convertLead()` posts a SOAP 1.1 envelope whose SessionHeader carries the OAuth access
 * token; the session is checked and the call counted against the API allowance like a REST call.
 *
 * The request is read as Salesforce's document/literal endpoint reads it: the LeadConvert
 * elements must come in the WSDL's sequence (alphabetical for LeadConvert), an unknown or
 * misplaced element is a Client fault "Element {urn:partner.soap.sforce.com}x invalid at this
 * location" (the fault clients report when they send the arguments out of order). Failures of a
 * conversion itself are LeadConvertResult errors, never faults (SOAP API Developer Guide,
 * convertLead() and LeadConvertResult); a missing or unknown session is the INVALID_SESSION_ID
 * fault ("Invalid Session ID found in SessionHeader: Illegal Session"), which makes jsforce
 * refresh the token and retry. Every answer carries the LimitInfoHeader (SOAP API Developer
 * Guide, LimitInfoHeader: "current", "limit", "type" API REQUESTS).
 */
import { convertLeads, MAX_LEAD_CONVERTS, type LeadConvertRequest, type LeadConvertResult } from '../org/lead-convert';
import { getUser } from './connected-app';
import { FAULT_NAMESPACES, faultEnvelope, OLDEST_SERVED_MAJOR, SOAP_API_PATH, UNSUPPORTED_VERSION_FAULT, type SoapFault } from './soap-login';
import { escapeXml, parseXml, XmlError, type XmlElement } from './soap-xml';
import type { EmulatorState, HttpResult } from './state';

const API_NAMESPACES = { u: 'urn:partner.soap.sforce.com', c: 'urn:enterprise.soap.sforce.com' } as const;
const ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
const XML_CONTENT_TYPE = 'text/xml;charset=UTF-8';
/** The operations this endpoint answers (any prefix, as simple-salesforce and jsforce write them). */
const SERVED_OPERATION = /<(?:[A-Za-z_][\w.-]*:)?convertLead[\s/>]/;

/**
 * LeadConvert's elements in the WSDL's sequence. The record arguments (API 53.0+) and the person
 * account ones are read but not served: the emulator has no person accounts.
 */
const LEAD_CONVERT_SEQUENCE = [
  'accountId',
  'accountRecord',
  'bypassAccountDedupeCheck',
  'bypassContactDedupeCheck',
  'contactId',
  'contactRecord',
  'convertedStatus',
  'doNotCreateOpportunity',
  'leadId',
  'opportunityId',
  'opportunityName',
  'opportunityRecord',
  'overwriteLeadSource',
  'ownerId',
  'relatedPersonAccountId',
  'relatedPersonAccountRecord',
  'sendNotificationEmail',
] as const;
type LeadConvertElement = (typeof LEAD_CONVERT_SEQUENCE)[number];
const UNSERVED_ARGUMENTS: readonly LeadConvertElement[] = [
  'accountRecord',
  'contactRecord',
  'opportunityRecord',
  'relatedPersonAccountId',
  'relatedPersonAccountRecord',
];

type Api = keyof typeof API_NAMESPACES;

/** A fault raised while reading the request: a Client fault, or an API fault with its code. */
class Fault extends Error {
  constructor(readonly fault: SoapFault | { client: string }) {
    super('code' in fault ? fault.message : fault.client);
  }
}

const clientFault = (message: string) => new Fault({ client: message });
const invalidAt = (element: XmlElement) => clientFault(`Element {${element.namespace}}${element.name} invalid at this location`);

/** True for a POST of a convertLead() envelope to a partner or enterprise endpoint. */
export function isSoapApiCall(method: string, pathname: string, body: Buffer): boolean {
  return method === 'POST' && SOAP_API_PATH.test(pathname) && SERVED_OPERATION.test(body.toString('utf8'));
}

/** Answers a SOAP API call: the operation's response, or a fault. */
export function handleSoapApiCall(state: EmulatorState, pathname: string, body: Buffer): HttpResult {
  const match = SOAP_API_PATH.exec(pathname);
  const api: Api = match?.[1] === 'c' ? 'c' : 'u';
  try {
    if (Number(match?.[2] ?? 0) < OLDEST_SERVED_MAJOR) throw new Fault(UNSUPPORTED_VERSION_FAULT);
    const { header, operation } = readEnvelope(body, api);
    const userId = authenticate(state, header, api);
    if (!state.apiUsage.tryConsume()) {
      throw new Fault({ code: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.', type: 'UnexpectedErrorFault' });
    }
    const requests = readLeadConverts(operation, api);
    const results = convertLeads(state.store, requests, { userId });
    return { status: 200, text: { contentType: XML_CONTENT_TYPE, data: responseEnvelope(state, api, results) } };
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    const data = 'code' in err.fault ? faultEnvelope(FAULT_NAMESPACES[api], err.fault) : clientFaultEnvelope(err.fault.client);
    // SOAP 1.1 answers every fault with 500 Internal Server Error.
    return { status: 500, text: { contentType: XML_CONTENT_TYPE, data } };
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the request

function readEnvelope(body: Buffer, api: Api): { header: XmlElement | undefined; operation: XmlElement } {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (err) {
    if (err instanceof XmlError) throw clientFault(err.message);
    throw err;
  }
  if (root.namespace !== ENVELOPE_NAMESPACE || root.name !== 'Envelope') {
    throw clientFault(`Unable to find a SOAP envelope: {${root.namespace}}${root.name}`);
  }
  let header: XmlElement | undefined;
  let soapBody: XmlElement | undefined;
  for (const child of root.children) {
    if (child.namespace === ENVELOPE_NAMESPACE && child.name === 'Header' && !header && !soapBody) header = child;
    else if (child.namespace === ENVELOPE_NAMESPACE && child.name === 'Body' && !soapBody) soapBody = child;
    else throw invalidAt(child);
  }
  const operation = soapBody?.children[0];
  if (!soapBody || !operation) throw clientFault('Missing body element in the SOAP envelope');
  if (soapBody.children.length > 1) throw invalidAt(soapBody.children[1]);
  if (operation.namespace !== API_NAMESPACES[api] || operation.name !== 'convertLead') {
    throw clientFault(`No operation available for request {${operation.namespace}}${operation.name}`);
  }
  return { header, operation };
}

/** The user whose session the SessionHeader carries (an OAuth access token), or the fault. */
function authenticate(state: EmulatorState, header: XmlElement | undefined, api: Api): string {
  const sessionHeader = header?.children.find((c) => c.namespace === API_NAMESPACES[api] && c.name === 'SessionHeader');
  const sessionId = sessionHeader?.children.find((c) => c.name === 'sessionId')?.text.trim();
  const record = sessionId ? state.tokens.verifyAccessToken(sessionId) : undefined;
  const user = record ? getUser(state.store, record.userId) : undefined;
  if (!user || user.row.IsActive === false) {
    throw new Fault({ code: 'INVALID_SESSION_ID', message: 'Invalid Session ID found in SessionHeader: Illegal Session', type: 'UnexpectedErrorFault' });
  }
  return user.id;
}

function readLeadConverts(operation: XmlElement, api: Api): LeadConvertRequest[] {
  for (const child of operation.children) {
    if (child.namespace !== API_NAMESPACES[api] || child.name !== 'leadConverts') throw invalidAt(child);
  }
  if (operation.children.length > MAX_LEAD_CONVERTS) {
    throw new Fault({
      code: 'EXCEEDED_ID_LIMIT',
      message: `record limit reached. cannot submit more than ${MAX_LEAD_CONVERTS} records into this call`,
      type: 'UnexpectedErrorFault',
    });
  }
  return operation.children.map((element) => readLeadConvert(element, api));
}

/** One LeadConvert: its elements in the WSDL's order, each at most once. */
function readLeadConvert(element: XmlElement, api: Api): LeadConvertRequest {
  const values = new Map<LeadConvertElement, XmlElement>();
  let position = -1;
  for (const child of element.children) {
    const index = LEAD_CONVERT_SEQUENCE.indexOf(child.name as LeadConvertElement);
    if (child.namespace !== API_NAMESPACES[api] || index <= position) throw invalidAt(child);
    position = index;
    values.set(LEAD_CONVERT_SEQUENCE[index], child);
  }
  for (const name of UNSERVED_ARGUMENTS) {
    const value = values.get(name);
    if (value && !value.nil) throw clientFault(`${name} is not supported by this org`);
  }
  const text = (name: LeadConvertElement): string | null => {
    const value = values.get(name);
    if (!value || value.nil) return null;
    return value.text.trim() === '' ? null : value.text.trim();
  };
  const flag = (name: LeadConvertElement): boolean => {
    const value = text(name);
    if (value === null || value === 'false' || value === '0') return false;
    if (value === 'true' || value === '1') return true;
    throw clientFault(`'${value}' is not a valid value for the type xsd:boolean`);
  };
  return {
    leadId: text('leadId'),
    convertedStatus: text('convertedStatus'),
    accountId: text('accountId'),
    contactId: text('contactId'),
    opportunityId: text('opportunityId'),
    opportunityName: text('opportunityName'),
    ownerId: text('ownerId'),
    doNotCreateOpportunity: flag('doNotCreateOpportunity'),
    overwriteLeadSource: flag('overwriteLeadSource'),
    sendNotificationEmail: flag('sendNotificationEmail'),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing the response

const idElement = (name: string, value: string | null) => (value ? `<${name}>${value}</${name}>` : `<${name} xsi:nil="true"/>`);

/** A LeadConvertResult in the WSDL's order: accountId, contactId, errors, leadId, opportunityId, success. */
function resultXml(result: LeadConvertResult): string {
  const errors = result.errors
    .map(
      (e) =>
        '<errors>' +
        e.fields.map((f) => `<fields>${escapeXml(f)}</fields>`).join('') +
        `<message>${escapeXml(e.message)}</message><statusCode>${escapeXml(e.statusCode)}</statusCode>` +
        '</errors>',
    )
    .join('');
  return (
    '<result>' +
    idElement('accountId', result.accountId) +
    idElement('contactId', result.contactId) +
    errors +
    idElement('leadId', result.leadId) +
    idElement('opportunityId', result.opportunityId) +
    `<success>${result.success}</success>` +
    '</result>'
  );
}

function responseEnvelope(state: EmulatorState, api: Api, results: LeadConvertResult[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NAMESPACE}" xmlns="${API_NAMESPACES[api]}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    '<soapenv:Header><LimitInfoHeader><limitInfo>' +
    `<current>${state.apiUsage.count}</current><limit>${state.apiUsage.limit}</limit><type>API REQUESTS</type>` +
    '</limitInfo></LimitInfoHeader></soapenv:Header>' +
    `<soapenv:Body><convertLeadResponse>${results.map(resultXml).join('')}</convertLeadResponse></soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

/** A fault the endpoint raises before any API logic runs (unreadable XML, unexpected elements). */
function clientFaultEnvelope(message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NAMESPACE}">` +
    `<soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault></soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}
