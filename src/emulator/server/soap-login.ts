/**
 * SOAP API login() at /services/Soap/u/NN.0 (partner) and /services/Soap/c/NN.0 (enterprise):
 * the first call of every client that signs in with a username and password over SOAP (jsforce's
 * `conn.login()` without an OAuth client, simple-salesforce, Data Loader, WSC). The Demo org
 * answers it as a Salesforce org created in Winter '26 or later does, where login() is disabled
 * by default (SOAP API Developer Guide, login(): "It is disabled by default for orgs created in
 * Winter '26 and later"), and from API version 65.0 the call does not exist at all. So the
 * answer is always a fault, whatever the credentials: the Demo org's password is published with
 * the app, and no call that takes it may open a session. Of the rest of the SOAP API, only
 * convertLead() is served (./soap-api.ts), with an OAuth access token as its session.
 */
import { escapeHtml } from './http-util';
import type { HttpResult } from './state';

/** The partner (`u`) and enterprise (`c`) endpoints, by API version. */
export const SOAP_API_PATH = /^\/services\/Soap\/([uc])\/(\d{1,2})\.0\/?$/;
/** `<login xmlns=…>` (jsforce) or `<n1:login …>` (simple-salesforce) inside the envelope. */
const LOGIN_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?login[\s/>]/;

/** Salesforce retired SOAP versions 7.0–30.0; 31.0 is the oldest served. */
export const OLDEST_SERVED_MAJOR = 31;
/** "Release Note: SOAP API login() not available in API version 65.0 onwards". */
const FIRST_VERSION_WITHOUT_LOGIN = 65;

export const FAULT_NAMESPACES = { u: 'urn:fault.partner.soap.sforce.com', c: 'urn:fault.enterprise.soap.sforce.com' } as const;

export interface SoapFault {
  code: string;
  message: string;
  /** The ApiFault subtype named in `<detail>`. */
  type: 'LoginFault' | 'UnexpectedErrorFault';
}

/** Retired versions are refused before anything else (SOAP API End-of-Life Policy). */
export const UNSUPPORTED_VERSION_FAULT: SoapFault = {
  code: 'UNSUPPORTED_API_VERSION',
  message: 'Invalid Api version specified on URL',
  type: 'UnexpectedErrorFault',
};

/** True for a POST of a login() envelope to a partner or enterprise endpoint. */
export function isSoapLogin(method: string, pathname: string, body: Buffer): boolean {
  return method === 'POST' && SOAP_API_PATH.test(pathname) && LOGIN_ELEMENT.test(body.toString('utf8'));
}

/**
 * The fault for a login() call. Wording as Salesforce sends it: "INVALID_OPERATION: SOAP API
 * login() is disabled by default in this org. Contact the org administrator to enable SOAP API
 * login()." (quoted by simple-salesforce and MuleSoft users); "The SOAP Login operation is not
 * available in the API version specified (65.0). Refer to the documentation for supported
 * versions." (quoted from WSC at 65.0); retired versions get UNSUPPORTED_API_VERSION (SOAP API
 * End-of-Life Policy) with the "Invalid Api version specified on URL" text Salesforce uses for a
 * version it does not serve.
 */
export function soapLoginFault(pathname: string): HttpResult {
  const match = SOAP_API_PATH.exec(pathname);
  const api = match?.[1] === 'c' ? 'c' : 'u';
  const major = Number(match?.[2] ?? 0);
  let fault: SoapFault;
  if (major < OLDEST_SERVED_MAJOR) {
    fault = UNSUPPORTED_VERSION_FAULT;
  } else if (major >= FIRST_VERSION_WITHOUT_LOGIN) {
    fault = {
      code: 'INVALID_OPERATION',
      message: `The SOAP Login operation is not available in the API version specified (${major}.0). Refer to the documentation for supported versions.`,
      type: 'LoginFault',
    };
  } else {
    fault = {
      code: 'INVALID_OPERATION',
      message: 'SOAP API login() is disabled by default in this org. Contact the org administrator to enable SOAP API login().',
      type: 'LoginFault',
    };
  }
  return { status: 500, text: { contentType: 'text/xml;charset=UTF-8', data: faultEnvelope(FAULT_NAMESPACES[api], fault) } };
}

/** A SOAP 1.1 fault in the shape of Salesforce's API faults (faultcode `sf:CODE`, detail). */
export function faultEnvelope(namespace: string, fault: SoapFault): string {
  const message = escapeHtml(fault.message);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    '<soapenv:Body><soapenv:Fault>' +
    `<faultcode>sf:${fault.code}</faultcode>` +
    `<faultstring>${fault.code}: ${message}</faultstring>` +
    `<detail><sf:${fault.type} xsi:type="sf:${fault.type}">` +
    `<sf:exceptionCode>${fault.code}</sf:exceptionCode>` +
    `<sf:exceptionMessage>${message}</sf:exceptionMessage>` +
    `</sf:${fault.type}></detail>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}
